import { readFileSync } from "node:fs";
import { decode, encode, type JavaObject } from "@tribridge/hessian2";
import { describe, expect, it } from "vitest";
import { JavaJsonError, javaToJson, jsonToJava } from "../src/index.js";

interface Golden {
  readonly type: string;
  readonly text: string;
  readonly hex: string;
}
const golden = (
  JSON.parse(readFileSync(new URL("fixtures/java-time-hessian-lite.json", import.meta.url), "utf8")) as {
    cases: Golden[];
  }
).cases;

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const through = (json: unknown, type: string): unknown => javaToJson(decode(encode(jsonToJava(json, type))));

describe("java.time against hessian-lite 4.0.4's own bytes", () => {
  it.each(golden.map((g) => [g.type, g.text, g]))("%s %s", (type, text, g) => {
    // Year is the one java.time value JSON carries as a number.
    const json = type === "java.time.Year" ? Number(text) : text;
    const bytes = encode(jsonToJava(json, type));
    expect(hex(bytes)).toBe((g as Golden).hex);
    expect(javaToJson(decode(Buffer.from((g as Golden).hex, "hex")))).toEqual(json);
  });
});

describe("java.time text rules", () => {
  it("OffsetDateTime and OffsetTime: an offset is required, no region", () => {
    const odt = (v: string) => through(v, "java.time.OffsetDateTime");
    expect(odt("2024-02-29T23:59:59.123456789+01:00")).toBe("2024-02-29T23:59:59.123456789+01:00");
    expect(odt("2024-02-29T23:59z")).toBe("2024-02-29T23:59:00Z");
    expect(odt("2024-02-29T23:59:59-00:00:30")).toBe("2024-02-29T23:59:59-00:00:30");
    const ot = (v: string) => through(v, "java.time.OffsetTime");
    expect(ot("23:59:59.5-05:30")).toBe("23:59:59.500-05:30");
    expect(ot("00:00Z")).toBe("00:00:00Z");
    for (const bad of ["2024-02-29T23:59:59", "2024-02-29T23:59:59+01:00[Europe/Paris]", "2024-02-29+01:00"]) {
      expect(() => jsonToJava(bad, "java.time.OffsetDateTime")).toThrow(JavaJsonError);
    }
    for (const bad of ["23:59", "23:59+18:01", "24:00Z", "T23:59Z"]) {
      expect(() => jsonToJava(bad, "java.time.OffsetTime")).toThrow(JavaJsonError);
    }
  });
  it("Period as Period.parse reads it and Period.toString prints it", () => {
    const p = (v: string) => through(v, "java.time.Period");
    expect(p("P-1Y2M-3D")).toBe("P-1Y2M-3D");
    expect(p("-P1Y2M")).toBe("P-1Y-2M");
    expect(p("P2W3D")).toBe("P17D");
    expect(p("p0d")).toBe("P0D");
    expect(p("P0Y0M")).toBe("P0D");
    expect(p("P-2147483648D")).toBe("P-2147483648D");
    const h = jsonToJava("P1Y2M3D", "java.time.Period") as JavaObject;
    expect([h.get("years"), h.get("months"), h.get("days")]).toEqual([1, 2, 3]);
    for (const bad of ["P", "PT1H", "P1D2Y", "P2147483648D", "P306783379W", "-P-2147483648D", "P1.5D", 3]) {
      expect(() => jsonToJava(bad, "java.time.Period")).toThrow(JavaJsonError);
    }
  });
  it("Year, YearMonth, MonthDay", () => {
    expect(through(2024, "java.time.Year")).toBe(2024);
    expect(through("-5", "java.time.Year")).toBe(-5);
    expect(through(999_999_999, "java.time.Year")).toBe(999_999_999);
    for (const bad of [1.5, 1e9, "2024-01", "", null]) {
      if (bad === null) expect(jsonToJava(bad, "java.time.Year")).toBeNull();
      else expect(() => jsonToJava(bad, "java.time.Year")).toThrow(JavaJsonError);
    }
    expect(through("2024-02", "java.time.YearMonth")).toBe("2024-02");
    expect(through("-0001-12", "java.time.YearMonth")).toBe("-0001-12");
    expect(through("+12024-02", "java.time.YearMonth")).toBe("12024-02");
    expect(() => jsonToJava("2024-13", "java.time.YearMonth")).toThrow(JavaJsonError);
    expect(through("--02-29", "java.time.MonthDay")).toBe("--02-29");
    for (const bad of ["--02-30", "--04-31", "--13-01", "02-01", "--2-1"]) {
      expect(() => jsonToJava(bad, "java.time.MonthDay")).toThrow(JavaJsonError);
    }
  });
  it("ZoneId (a region or an offset) and ZoneOffset in ZoneOffset.of's forms", () => {
    const z = jsonToJava("Europe/Paris", "java.time.ZoneId") as JavaObject;
    expect([z.className.endsWith(".ZoneIdHandle"), z.get("zoneId")]).toEqual([true, "Europe/Paris"]);
    expect(through("UTC+01:00", "java.time.ZoneId")).toBe("UTC+01:00");
    expect(through("Z", "java.time.ZoneId")).toBe("Z");
    for (const bad of ["", "Europe Paris", "1abc", "Europe/Paris\n"]) {
      expect(() => jsonToJava(bad, "java.time.ZoneId")).toThrow(JavaJsonError);
    }
    const o = (v: string) => through(v, "java.time.ZoneOffset");
    expect(o("Z")).toBe("Z");
    expect(o("+1")).toBe("+01:00");
    expect(o("+0130")).toBe("+01:30");
    expect(o("-053015")).toBe("-05:30:15");
    expect(o("-05:30:15")).toBe("-05:30:15");
    expect(o("+18:00")).toBe("+18:00");
    expect(o("-00:00")).toBe("Z");
    for (const bad of ["+19:00", "+18:00:01", "+1:30", "+01:60", "01:00", "+01:3", "UTC"]) {
      expect(() => jsonToJava(bad, "java.time.ZoneOffset")).toThrow(JavaJsonError);
    }
  });
  it("LocalDate checks the day against the month and prints years as Java does", () => {
    expect(through("2024-02-29", "java.time.LocalDate")).toBe("2024-02-29");
    expect(() => jsonToJava("2023-02-29", "java.time.LocalDate")).toThrow(JavaJsonError);
    expect(() => jsonToJava("2024-04-31", "java.time.LocalDate")).toThrow(JavaJsonError);
    expect(through("1900-02-28", "java.time.LocalDate")).toBe("1900-02-28");
    expect(() => jsonToJava("1900-02-29", "java.time.LocalDate")).toThrow(JavaJsonError);
    expect(through("-0005-01-01", "java.time.LocalDate")).toBe("-0005-01-01");
    expect(through("+10000-01-01", "java.time.LocalDate")).toBe("+10000-01-01");
    expect(through("10000-01-01T00:00", "java.time.LocalDateTime")).toBe("+10000-01-01T00:00:00");
  });
});
