import {
  decode,
  encode,
  type HessianValue,
  type JavaList,
  JavaMap,
  JavaObject,
  javaFloatToDouble,
} from "@tribridge/hessian2";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JavaJsonError, javaToJson, jsonToJava, jsonToJavaArgs, parseJavaType, stringifyJson } from "../src/index.js";

const USER = "com.example.interop.User";
const classes = {
  [USER]: {
    id: "long",
    name: "String",
    email: "String",
    tags: "List<String>",
    createdAt: "java.util.Date",
    score: "double",
  },
};
const opts = { classes };
const through = (json: unknown, type: string) => javaToJson(decode(encode(jsonToJava(json, type, opts))));

describe("JSON → Java by declared type", () => {
  it.each([
    ["int", 5, 5],
    ["int", "-7", -7],
    ["java.lang.Integer", null, null],
    ["short", 32767, 32767],
    ["long", 5, 5n],
    ["long", "9223372036854775807", 9223372036854775807n],
    ["java.lang.Long", "-9223372036854775808", -9223372036854775808n],
    ["boolean", "true", true],
    ["char", "x", "x"],
    ["String", "s", "s"],
  ])("%s %j", (type, json, out) => {
    expect(jsonToJava(json, type)).toEqual(out);
  });
  it.each([
    ["int", 2147483648],
    ["int", 1.5],
    ["long", 2 ** 53 + 2],
    ["long", "1e3"],
    ["long", "9223372036854775808"],
    ["byte", 128],
    ["boolean", 1],
    ["char", "ab"],
    ["String", 5],
    ["java.math.BigDecimal", "1..2"],
    ["java.math.BigInteger", 1e300],
    ["int", null],
    ["java.util.List<int>", {}],
    ["java.util.Date", "yesterday"],
    ["java.lang.Thread", {}],
  ])("refuses %s %j", (type, json) => {
    expect(() => jsonToJava(json, type)).toThrow(JavaJsonError);
  });
  it("BigDecimal and BigInteger exactly, from strings", () => {
    const d = jsonToJava("123456789012345678901234567890.123456789", "java.math.BigDecimal") as JavaObject;
    expect(d.className).toBe("java.math.BigDecimal");
    expect(d.get("value")).toBe("123456789012345678901234567890.123456789");
    expect(through("-1234567890123456789012345678901234567890", "java.math.BigInteger")).toBe(
      "-1234567890123456789012345678901234567890",
    );
  });
  it("floats and doubles, with proto3 JSON's NaN/Infinity strings", () => {
    expect(through(2, "double")).toBe(2);
    expect(through("NaN", "double")).toBe("NaN");
    expect(through("-Infinity", "java.lang.Float")).toBe("-Infinity");
    expect(through(21.32, "float")).toBe(21.32);
  });
  it("dates: ISO-8601 or epoch ms; java.time as ISO text", () => {
    expect(through(1_700_000_000_123, "java.util.Date")).toBe("2023-11-14T22:13:20.123Z");
    expect(through("2023-11-14T23:13:20.123+01:00", "java.util.Date")).toBe("2023-11-14T22:13:20.123Z");
    expect(through("2024-02-29", "java.time.LocalDate")).toBe("2024-02-29");
    expect(through("23:59:01.5", "java.time.LocalTime")).toBe("23:59:01.500");
    expect(through("2024-02-29T10:00:00.000000001", "java.time.LocalDateTime")).toBe("2024-02-29T10:00:00.000000001");
    expect(through("2024-01-01T00:00:00.123456Z", "java.time.Instant")).toBe("2024-01-01T00:00:00.123456Z");
  });
  it("Duration and ZonedDateTime as Java's toString prints them", () => {
    const d = (v: string) => through(v, "java.time.Duration");
    expect(d("PT-1.5S")).toBe("PT-1.5S");
    expect(d("PT-0.5S")).toBe("PT-0.5S");
    expect(d("PT0S")).toBe("PT0S");
    expect(d("-P1DT-2H")).toBe("PT-22H");
    expect(d("P2DT3M")).toBe("PT48H3M");
    expect(d("pt1,25s")).toBe("PT1.25S");
    expect(d("PT26H3M4.000000001S")).toBe("PT26H3M4.000000001S");
    const h = jsonToJava("PT-1.5S", "java.time.Duration") as JavaObject;
    expect([h.get("seconds"), h.get("nanos")]).toEqual([-2n, 500_000_000]);
    for (const bad of ["P", "PT", "PT1.S5", "1S", "PT9223372036854775808S"]) {
      expect(() => jsonToJava(bad, "java.time.Duration")).toThrow();
    }
    const z = (v: string) => through(v, "java.time.ZonedDateTime");
    expect(z("2024-02-29T23:59:59.123456789+01:00[Europe/Paris]")).toBe(
      "2024-02-29T23:59:59.123456789+01:00[Europe/Paris]",
    );
    expect(z("2024-02-29T23:59:59.001Z")).toBe("2024-02-29T23:59:59.001Z");
    expect(z("2024-02-29T23:59-05:30")).toBe("2024-02-29T23:59:00-05:30");
    expect(() => jsonToJava("2024-02-29T23:59:59", "java.time.ZonedDateTime")).toThrow();
    expect(() => jsonToJava("2024-02-29T23:59:59+19:00", "java.time.ZonedDateTime")).toThrow();
  });
  it("byte[] from base64, char[] from a string, arrays typed by component", () => {
    expect(jsonToJava("AQID", "byte[]")).toEqual(Uint8Array.of(1, 2, 3));
    expect(through("AQID", "byte[]")).toBe("AQID");
    expect((jsonToJava([1, 2], "int[]") as JavaList).type).toBe("[int");
    expect((jsonToJava([["a"]], "String[][]") as JavaList).type).toBe("[[string");
    expect((jsonToJava([{ id: 1 }], `${USER}[]`, opts) as JavaList).type).toBe(`[${USER}`);
  });
  it("List<DTO>, Set<T>, Map<Integer, DTO> with non-string keys, enums", () => {
    const users = jsonToJava(
      [{ id: "9007199254740993", name: "a" }, null],
      `java.util.List<${USER}>`,
      opts,
    ) as unknown[];
    expect(users[0]).toBeInstanceOf(JavaObject);
    expect((users[0] as JavaObject).get("id")).toBe(9007199254740993n);
    expect(users[1]).toBeNull();
    const set = jsonToJava([1, 2], "Set<Long>") as JavaList;
    expect(set.type).toBe("java.util.HashSet");
    expect(set.items).toEqual([1n, 2n]);
    const m = jsonToJava({ "1": { name: "x" }, "-2": null }, `Map<Integer, ${USER}>`, opts) as JavaMap;
    expect([...m.entries.keys()]).toEqual([1, -2]);
    expect(through({ "1": { id: 3, name: "x" } }, `java.util.Map<java.lang.Integer, ${USER}>`)).toEqual({
      "1": { id: 3, name: "x" },
    });
    const pairs = jsonToJava([[{ id: 1 }, "v"]], `Map<${USER}, String>`, opts) as JavaMap;
    expect([...pairs.entries.keys()][0]).toBeInstanceOf(JavaObject);
    expect(jsonToJava("RED", "com.example.interop.Color")).toEqual(
      new JavaObject("com.example.interop.Color", ["name"], ["RED"]),
    );
    expect(through("RED", "com.example.interop.Color")).toBe("RED");
  });
  it("char, byte, short and float: Java's narrow types", () => {
    expect(through("\ud83d", "char")).toBe("\ud83d");
    expect(through(0x263a, "java.lang.Character")).toBe("\u263a");
    expect(through(null, "java.lang.Character")).toBeNull();
    for (const bad of ["", "😀", -1, 0x10000, 1.5, true]) expect(() => jsonToJava(bad, "char")).toThrow(JavaJsonError);
    expect(through("-128", "byte")).toBe(-128);
    expect(through(-32768, "java.lang.Short")).toBe(-32768);
    for (const bad of [-129, "128", 1.5]) expect(() => jsonToJava(bad, "byte")).toThrow(JavaJsonError);
    expect(() => jsonToJava(32768, "short")).toThrow(JavaJsonError);
    // The nearest float, printed as Java prints it (Float.toString), not as its exact double.
    expect(through(16777217, "float")).toBe(16777216);
    expect(through(0.1, "float")).toBe(0.1);
    expect(through(3.4028235e38, "float")).toBe(3.4028235e38);
    expect(through(1e-50, "float")).toBe(0);
    expect(through("Infinity", "float")).toBe("Infinity");
    expect(() => jsonToJava(3.5e38, "float")).toThrow(/beyond float's range/);
    expect(() => jsonToJava("-1e39", "java.lang.Float")).toThrow(JavaJsonError);
  });
  it("Set<DTO> and DTO arrays keep their element types", () => {
    const set = jsonToJava([{ id: "9007199254740993" }], `java.util.Set<${USER}>`, opts) as JavaList;
    expect(set.type).toBe("java.util.HashSet");
    expect((set.items[0] as JavaObject).get("id")).toBe(9007199254740993n);
    expect((jsonToJava(["a"], "java.util.SortedSet<String>") as JavaList).type).toBe("java.util.TreeSet");
    const arr = jsonToJava([{ id: 1, score: 2 }, null], `${USER}[]`, opts) as JavaList;
    expect(arr.type).toBe(`[${USER}`);
    expect((arr.items[0] as JavaObject).values).toEqual([1n, expect.objectContaining({ value: 2 })]);
    expect(arr.items[1]).toBeNull();
    expect(through([{ id: 1, tags: ["x"] }, null], `${USER}[]`)).toEqual([{ id: 1, tags: ["x"] }, null]);
    expect(() => jsonToJava({ id: 1 }, `${USER}[]`, opts)).toThrow(JavaJsonError);
  });
  it("java.lang.Object: JSON's own types decide", () => {
    const o = jsonToJava(
      { i: 1, l: -(2 ** 53 - 1), d: 2 ** 60, f: 0.5, s: "9", b: false, n: null },
      "Object",
    ) as JavaMap;
    expect([...o.entries.values()].slice(0, 4)).toEqual([
      1,
      -(2n ** 53n - 1n),
      expect.objectContaining({ value: 2 ** 60 }),
      0.5,
    ]);
    expect(through([1, [2], { a: "b" }], "java.lang.Object")).toEqual([1, [2], { a: "b" }]);
    const item = jsonToJava({ class: "com.x.Item", q: 2 }, "Object", { classes: { "com.x.Item": { q: "long" } } });
    expect((item as JavaObject).className).toBe("com.x.Item");
    expect((item as JavaObject).get("q")).toBe(2n);
  });
  it("class names: declared or hinted, never invented", () => {
    const o = jsonToJava({ a: { b: 1 }, n: 2 }, "java.lang.Object") as JavaMap;
    expect(o.type).toBeNull();
    expect(o.get("a")).toBeInstanceOf(JavaMap);
    const hinted = jsonToJava({ class: "com.x.Sub", v: 1 }, "com.x.Base") as JavaObject;
    expect(hinted.className).toBe("com.x.Sub");
    expect(hinted.fieldNames).toEqual(["v"]);
    const generic = jsonToJava([{ class: USER, id: "5" }], "java.util.List", opts) as JavaObject[];
    expect(generic[0]?.get("id")).toBe(5n);
    expect(javaToJson(generic[0] ?? null, { classKey: "class" })).toEqual({ class: USER, id: 5 });
  });
  it("generic values: int, long, double by magnitude", () => {
    expect(jsonToJava([1, 2 ** 40, 1.5, 2 ** 60, true, "s"], "Object")).toEqual([
      1,
      2n ** 40n,
      1.5,
      expect.anything(),
      true,
      "s",
    ]);
  });
  it("argument lists: positional or named", () => {
    expect(jsonToJavaArgs([1, "x"], ["long", "String"])).toEqual({
      args: [1n, "x"],
      parameterTypes: ["long", "java.lang.String"],
    });
    expect(jsonToJavaArgs({ b: "x", a: 1 }, ["long", "String"], { names: ["a", "b"] }).args).toEqual([1n, "x"]);
    expect(jsonToJavaArgs([[{ id: 1 }]], [`List<${USER}>`]).parameterTypes).toEqual(["java.util.List"]);
    expect(() => jsonToJavaArgs([1], ["int", "int"])).toThrow(JavaJsonError);
  });
  it("type grammar", () => {
    expect(parseJavaType("java.util.Map<Integer, List<? extends com.x.U>>[]")).toEqual({
      name: "java.util.Map",
      dims: 1,
      args: [
        { name: "java.lang.Integer", args: [], dims: 0 },
        { name: "java.util.List", args: [{ name: "com.x.U", args: [], dims: 0 }], dims: 0 },
      ],
    });
    expect(parseJavaType("[Ljava.lang.String;")).toEqual({ name: "java.lang.String", args: [], dims: 1 });
  });
});

describe("Java → JSON options", () => {
  const v = new JavaObject(
    "com.x.R",
    ["big", "small", "dec"],
    [2n ** 62n, 5n, new JavaObject("java.math.BigDecimal", ["value"], ["0.100000000000000000000000000001"])],
  );
  it("precision-safe defaults", () => {
    expect(javaToJson(v)).toEqual({ big: "4611686018427387904", small: 5, dec: "0.100000000000000000000000000001" });
  });
  it("exact numbers in JSON text", () => {
    expect(stringifyJson(javaToJson(v, { long: "exact", bigDecimal: "number" }))).toBe(
      '{"big":4611686018427387904,"small":5,"dec":0.100000000000000000000000000001}',
    );
    expect(stringifyJson(javaToJson(2n ** 62n, { long: "string" }))).toBe('"4611686018427387904"');
  });
  it("cycles become null", () => {
    const self: JavaObject = new JavaObject("java.lang.RuntimeException", ["detailMessage", "cause"], ["m", null]);
    self.values[1] = self;
    expect(javaToJson(self)).toEqual({ detailMessage: "m", cause: null });
  });
  it("maps with non-string keys as objects or entries", () => {
    const m = new JavaMap(null, [
      [1, "a"],
      [2n, "b"],
    ]);
    expect(javaToJson(m)).toEqual({ "1": "a", "2": "b" });
    expect(javaToJson(m, { mapKeys: "entries" })).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
  });
});

// Canonical JSON for typed Java values: what javaToJson prints. Converting it back under the
// declared type, through Hessian bytes and out again must give the same JSON.
// Hessian 2 has no negative zero: every Java writer sends -0.0 as 0x5b (double 0), see the
// golden case double.m0, so -0 is not a value a round trip can keep.
const arbJavaDouble = (constraints: fc.DoubleConstraints = {}): fc.Arbitrary<number> =>
  fc.double(constraints).map((d) => (Object.is(d, -0) ? 0 : d));

const typed =
  (type: string) =>
  (json: unknown): [string, unknown] => [type, json];

const arbUser = fc.record({
  id: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => javaToJson(n)),
  name: fc.option(fc.string(), { nil: null }),
  tags: fc.array(fc.string(), { maxLength: 3 }),
  score: arbJavaDouble({ noNaN: true, noDefaultInfinity: true }).map((d) => javaToJson(d)),
});

// java.time: a random handle (the wire form), printed by javaToJson, is the canonical JSON.
const H = "com.alibaba.com.caucho.hessian.io.java8.";
const handle = (name: string, fields: Record<string, HessianValue>): JavaObject =>
  new JavaObject(H + name, Object.keys(fields), Object.values(fields));
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const monthDays = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const arbYear = fc.oneof(fc.integer({ min: -9999, max: 9999 }), fc.integer({ min: -999_999_999, max: 999_999_999 }));
const arbDate = fc
  .tuple(arbYear, fc.integer({ min: 1, max: 12 }))
  .chain(([y, m]) =>
    fc.integer({ min: 1, max: monthDays(y, m) }).map((d) => handle("LocalDateHandle", { year: y, month: m, day: d })),
  );
const arbNano = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 999 }).map((n) => n * 1_000_000),
  fc.integer({ min: 0, max: 999_999 }).map((n) => n * 1000),
  fc.integer({ min: 0, max: 999_999_999 }),
);
const arbTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), arbNano)
  .map(([hour, minute, second, nano]) => handle("LocalTimeHandle", { hour, minute, second, nano }));
const arbDateTime = fc.tuple(arbDate, arbTime).map(([date, time]) => handle("LocalDateTimeHandle", { date, time }));
const arbOffset = fc
  .oneof(
    fc.constant(0),
    fc.integer({ min: -18, max: 18 }).map((h) => h * 3600),
    fc.integer({ min: -64800, max: 64800 }),
  )
  .map((seconds) => handle("ZoneOffsetHandle", { seconds }));
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const arbTimeHandle: fc.Arbitrary<[string, JavaObject]> = fc.oneof(
  arbDate.map((h) => ["java.time.LocalDate", h] as [string, JavaObject]),
  arbTime.map((h) => ["java.time.LocalTime", h] as [string, JavaObject]),
  arbDateTime.map((h) => ["java.time.LocalDateTime", h] as [string, JavaObject]),
  // Instant within what a JS Date can print with a 4-digit year.
  fc
    .tuple(fc.bigInt({ min: -62167219200n, max: 253402300799n }), arbNano)
    .map(
      ([seconds, nanos]) => ["java.time.Instant", handle("InstantHandle", { seconds, nanos })] as [string, JavaObject],
    ),
  fc
    .tuple(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), arbNano)
    .map(
      ([seconds, nanos]) =>
        ["java.time.Duration", handle("DurationHandle", { seconds, nanos })] as [string, JavaObject],
    ),
  fc
    .tuple(arbDateTime, arbOffset, fc.constantFrom(undefined, "Europe/Paris", "America/St_Johns", "UTC"))
    .map(([dateTime, offset, region]) => {
      const zoneId = region ?? (javaToJson(offset) as string);
      return ["java.time.ZonedDateTime", handle("ZonedDateTimeHandle", { dateTime, offset, zoneId })] as [
        string,
        JavaObject,
      ];
    }),
  fc
    .tuple(arbDateTime, arbOffset)
    .map(
      ([dateTime, offset]) =>
        ["java.time.OffsetDateTime", handle("OffsetDateTimeHandle", { dateTime, offset })] as [string, JavaObject],
    ),
  fc
    .tuple(arbTime, arbOffset)
    .map(
      ([localTime, zoneOffset]) =>
        ["java.time.OffsetTime", handle("OffsetTimeHandle", { localTime, zoneOffset })] as [string, JavaObject],
    ),
  fc
    .tuple(int32, int32, int32)
    .map(
      ([years, months, days]) =>
        ["java.time.Period", handle("PeriodHandle", { years, months, days })] as [string, JavaObject],
    ),
  fc
    .integer({ min: -999_999_999, max: 999_999_999 })
    .map((year) => ["java.time.Year", handle("YearHandle", { year })] as [string, JavaObject]),
  arbDate.map(
    (d) =>
      ["java.time.YearMonth", handle("YearMonthHandle", { year: d.get("year") ?? 0, month: d.get("month") ?? 1 })] as [
        string,
        JavaObject,
      ],
  ),
  fc
    .integer({ min: 1, max: 12 })
    .chain((month) =>
      fc
        .integer({ min: 1, max: monthDays(2024, month) })
        .map((day) => ["java.time.MonthDay", handle("MonthDayHandle", { month, day })] as [string, JavaObject]),
    ),
  fc
    .constantFrom("Europe/Paris", "UTC", "UTC+01:00", "GMT", "Etc/GMT-14")
    .map((zoneId) => ["java.time.ZoneId", handle("ZoneIdHandle", { zoneId })] as [string, JavaObject]),
  arbOffset.map((h) => ["java.time.ZoneOffset", h] as [string, JavaObject]),
);

const arbTyped: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => typed("char")(String.fromCharCode(c))),
  fc
    .option(fc.integer({ min: 0, max: 0xffff }), { nil: null })
    .map((c) => typed("java.lang.Character")(c === null ? null : String.fromCharCode(c))),
  fc.integer({ min: -128, max: 127 }).map(typed("byte")),
  fc.integer({ min: -32768, max: 32767 }).map(typed("java.lang.Short")),
  // A float's JSON is the double Java sends for it: Float.toString's shortest decimal.
  fc.float({ noNaN: false }).map((f) => typed("float")(javaToJson(Object.is(f, -0) ? 0 : javaFloatToDouble(f)))),
  fc.uniqueArray(fc.string(), { maxLength: 5 }).map(typed("java.util.Set<String>")),
  fc.array(fc.option(arbUser, { nil: null }), { maxLength: 3 }).map(typed(`${USER}[]`)),
  fc.array(arbUser, { maxLength: 3 }).map(typed(`java.util.Set<${USER}>`)),
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((j) => !JSON.stringify(j).includes('"class"') && !JSON.stringify(j).includes("-0"))
    .map(typed("java.lang.Object")),
  arbTimeHandle.map(([type, h]) => typed(type)(javaToJson(h))),
  fc.integer().map((n) => ["int", n] as [string, unknown]),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ["long", javaToJson(n)] as [string, unknown]),
  arbJavaDouble({ noNaN: false }).map((d) => ["double", javaToJson(d)] as [string, unknown]),
  fc.string().map((s) => ["java.lang.String", s] as [string, unknown]),
  fc.boolean().map((b) => ["java.lang.Boolean", b] as [string, unknown]),
  fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 })).map(([u, s]) => {
    const neg = u < 0n;
    const digits = (neg ? -u : u).toString().padStart(s + 1, "0");
    const text = s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`;
    return ["java.math.BigDecimal", (neg ? "-" : "") + text] as [string, unknown];
  }),
  fc
    .bigInt({ min: -(2n ** 200n), max: 2n ** 200n })
    .map((n) => ["java.math.BigInteger", n.toString()] as [string, unknown]),
  fc
    .date({ min: new Date(-8.64e14), max: new Date(8.64e14), noInvalidDate: true })
    .map((d) => ["java.util.Date", d.toISOString()] as [string, unknown]),
  fc.uint8Array({ maxLength: 40 }).map((b) => ["byte[]", javaToJson(b)] as [string, unknown]),
  fc.array(fc.integer(), { maxLength: 5 }).map((a) => ["java.util.List<Integer>", a] as [string, unknown]),
  fc
    .dictionary(fc.integer({ min: -1000, max: 1000 }).map(String), fc.string(), { maxKeys: 4 })
    .map((m) => ["java.util.Map<Integer, String>", m] as [string, unknown]),
  fc.array(arbUser, { maxLength: 4 }).map(typed(`java.util.List<${USER}>`)),
);

describe("properties", () => {
  it("JSON → Hessian → JSON is stable for typed Java values", () => {
    fc.assert(
      fc.property(arbTyped, ([type, json]) => {
        expect(through(json, type)).toEqual(json);
      }),
      { numRuns: 1000 },
    );
  });
});
