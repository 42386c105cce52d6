/**
 * The class-definition table (def-cache.ts) must be invisible: a definition answered from it,
 * through the entry matched last or through its hash slot, gives what parsing would give,
 * under the limits and the input window of the call that reads it, and the table stays
 * bounded whatever a stream defines.
 */
import { describe, expect, it } from "vitest";
import { cachedDefinitions } from "../src/def-cache.js";
import { type Dialect, decode, decodeAll, decodeJs, encode, JavaObject } from "../src/index.js";
import { H3_DEFS } from "../src/read-h3.js";
import { H4_DEFS } from "../src/read-h4.js";
import { reasonOf } from "./reason-of.js";

const DIALECTS: readonly Dialect[] = ["hessian2", "hessian3"];
const tableOf = (dialect: Dialect) => (dialect === "hessian2" ? H4_DEFS : H3_DEFS);

const obj = (className: string, fields: readonly string[]) =>
  new JavaObject(
    className,
    fields,
    fields.map((_, i) => i),
  );

describe.each(DIALECTS)("class-definition table (%s)", (dialect) => {
  it("tells apart definitions that differ in one byte, wherever it is", () => {
    // Read one after another, each variant meets the one before as the entry matched last,
    // and (same class name, longer than the hashed prefix) the same hash slot. The differing
    // byte takes every position of a 4-byte word, up to the zero-padded last word.
    const check = (variants: readonly JavaObject[]) => {
      for (let round = 0; round < 3; round++) {
        for (const v of variants) {
          const back = decode(encode(v, { dialect }), { dialect }) as JavaObject;
          expect(back.className).toBe(v.className);
          expect(back.fieldNames).toEqual(v.fieldNames);
        }
      }
    };
    for (let len = 1; len <= 9; len++) {
      const className = `com.example.near.Definition${len}`;
      const fields = [obj(className, ["a", "f".repeat(len)])];
      const classes = [obj(`com.x.E${"e".repeat(len)}`, ["a", "b"])];
      for (let at = 0; at < len; at++) {
        const name = "f".repeat(len).split("");
        name[at] = "g";
        fields.push(obj(className, ["a", name.join("")]));
        const cls = "e".repeat(len).split("");
        cls[at] = "h";
        classes.push(obj(`com.x.E${cls.join("")}`, ["a", "b"]));
      }
      check(fields);
      check(classes);
    }
  });

  it("applies the limits of each call to a definition it answers", () => {
    const value = obj("com.example.LimitedName", ["id", "name", "email"]);
    const wire = encode(value, { dialect });
    for (let round = 0; round < 3; round++) {
      // Twice without limits: the definition is the table's entry matched last.
      expect(decode(wire, { dialect })).toEqual(value);
      expect(decode(wire, { dialect })).toEqual(value);
      expect(reasonOf(() => decode(wire, { dialect, limits: { maxStringLength: 10 } }))).toBe("limit-exceeded");
      expect(reasonOf(() => decode(wire, { dialect, limits: { maxCollectionLength: 2 } }))).toBe("limit-exceeded");
      expect(reasonOf(() => decodeJs(wire, { dialect, limits: { maxStringLength: 10 } }))).toBe("limit-exceeded");
    }
    // Each definition read still counts, cached or not.
    const two = encode([value, obj("com.example.Other", ["x"])], { dialect });
    expect(decode(two, { dialect })).toBeDefined();
    expect(reasonOf(() => decode(two, { dialect, limits: { maxClassDefinitions: 1 } }))).toBe("limit-exceeded");
  });

  it("never matches a definition past the end of the input window", () => {
    const value = obj("com.example.Windowed", ["alpha", "beta", "gamma"]);
    const wire = encode(value, { dialect });
    expect(decode(wire, { dialect })).toEqual(value);
    // Cut anywhere, inside the definition or after it: truncated, never answered from the table.
    for (let cut = 1; cut < wire.length; cut++) {
      expect(decode(wire, { dialect })).toEqual(value);
      expect(reasonOf(() => decode(wire, { dialect, end: cut }))).toBe("truncated");
      expect(reasonOf(() => decode(wire.subarray(0, cut), { dialect }))).toBe("truncated");
    }
  });

  it("stays bounded under a stream of ever-new definitions", () => {
    const many = Array.from({ length: 3000 }, (_, i) => obj(`com.x.Hostile${i}`, ["f", `g${i}`]));
    for (const chunk of [many.slice(0, 1500), many.slice(1500)]) {
      expect(decodeAll(encode(chunk, { dialect }), { dialect })).toHaveLength(1);
    }
    expect(cachedDefinitions(tableOf(dialect))).toBeLessThanOrEqual(256);
    // A definition too long to keep is read correctly every time, and not kept.
    const before = cachedDefinitions(tableOf(dialect));
    const wide = obj(
      "com.x.Wide",
      Array.from({ length: 200 }, (_, i) => `field-number-${i}`),
    );
    for (let round = 0; round < 3; round++) expect(decode(encode(wide, { dialect }), { dialect })).toEqual(wide);
    expect(cachedDefinitions(tableOf(dialect))).toBe(before);
    expect(tableOf(dialect).last?.def.className).not.toBe("com.x.Wide");
  });
});
