/**
 * The JS view reads object fields holding a compact long, a Date or a double of thousandths
 * without its general reader (read-h4-js.ts, readFieldJs), in the generic path and in compiled
 * classes alike. Those fields must come out as `toJs` gives them from the model, under every
 * `long` option, and input cut inside such a field must fail as the model's reader fails.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decode, decodeJs, encode, type HessianValue, JavaObject, toJs } from "../src/index.js";
import { failureOf } from "./reason-of.js";

/** Values written in the forms readFieldJs reads itself, and a few it leaves to readH4Js. */
const fieldValue: fc.Arbitrary<HessianValue> = fc.oneof(
  fc.integer({ min: -2048, max: 2047 }).map((v) => BigInt(v)),
  fc.integer({ min: -8, max: 15 }).map((v) => BigInt(v)),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((m) => 0.001 * m),
  fc.constantFrom<HessianValue>(BigInt(2048), BigInt(-2049), BigInt("9007199254740993"), 1.5, "x", null),
);

const longModes = [undefined, "number", "bigint", "string"] as const;

describe("JS view: object fields read without the general reader", () => {
  it("equal toJs of the model, in generic and compiled classes, for every long option", () => {
    fc.assert(
      fc.property(
        fc.array(fieldValue, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...longModes),
        (values, long) => {
          const names = values.map((_, i) => `f${i}`);
          // Six instances: the first ones take the generic path, the later ones a compiled class.
          const list = Array.from({ length: 6 }, () => new JavaObject("com.example.JsFields", names, values));
          const bytes = encode(list);
          const options = long === undefined ? {} : { long };
          expect(decodeJs(bytes, options)).toEqual(toJs(decode(bytes), options));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("fail cut short as the model's reader does", () => {
    const values: HessianValue[] = [BigInt(-2048), BigInt(2047), BigInt(3), new Date(1700000000123), 98.765];
    for (const value of values) {
      const whole = encode(new JavaObject("com.example.One", ["v"], [value]));
      const fieldAt = whole.length - encode(value).length;
      for (let cut = fieldAt; cut < whole.length; cut++) {
        const bytes = whole.subarray(0, cut);
        const expected = failureOf(() => decode(bytes));
        expect(expected?.reason).toBe("truncated");
        expect(failureOf(() => decodeJs(bytes))).toEqual(expected);
      }
    }
  });
});
