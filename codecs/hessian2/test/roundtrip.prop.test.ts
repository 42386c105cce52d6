/**
 * Round trips of arbitrary typed-model values in both dialects:
 *   decode(encode(v)) is structurally equal to v (kinds, types, sharing and cycles), and
 *   encode(decode(encode(v))) is byte-identical to encode(v).
 *
 * One deliberate exception, shared with every Java writer: the double -0.0 is written as the
 * one-byte 0.0 (golden case `double.m0`: Caucho, hessian-lite and SOFA all do it, and the
 * codec matches their bytes), so an expected -0 double reads back as +0.
 */
import fc from "fast-check";
import { expect, describe as suite, test } from "vitest";
import {
  type Dialect,
  decode,
  decodeAll,
  encode,
  encodeAll,
  type HessianValue,
  JavaList,
  JavaMap,
} from "../src/index.js";
import { binary, date, double, int32, int64, modelEquals, text, toHex, value } from "./describe.js";

const DIALECTS: readonly Dialect[] = ["hessian2", "hessian3"];
const RUNS = { numRuns: 300 } as const;

function roundTrip(v: HessianValue, dialect: Dialect): void {
  const bytes = encode(v, { dialect });
  const back = decode(bytes, { dialect });
  const diff = modelEquals(v, back, { negativeZeroDoubleBecomesZero: true });
  if (diff !== undefined)
    throw new Error(`${dialect}: decode(encode(v)) differs: ${diff}; bytes ${toHex(bytes).slice(0, 200)}`);
  const again = encode(back, { dialect });
  if (toHex(again) !== toHex(bytes)) {
    throw new Error(
      `${dialect}: re-encoding differs:\n  ${toHex(bytes).slice(0, 200)}\n  ${toHex(again).slice(0, 200)}`,
    );
  }
}

for (const dialect of DIALECTS) {
  suite(`round trip (${dialect})`, () => {
    test("ints, including every compact-form boundary", () => {
      fc.assert(
        fc.property(int32(), (n) => roundTrip(n, dialect)),
        RUNS,
      );
    });

    test("longs as bigint, including ±2^63 bounds", () => {
      fc.assert(
        fc.property(int64(), (n) => roundTrip(n, dialect)),
        RUNS,
      );
    });

    test("doubles, including NaN, -0, ±Infinity, subnormals", () => {
      fc.assert(
        fc.property(double(), (d) => roundTrip(d, dialect)),
        RUNS,
      );
    });

    test("strings with lone surrogates, astral characters and chunk-sized lengths", () => {
      fc.assert(
        fc.property(text(), (s) => roundTrip(s, dialect)),
        { numRuns: 200 },
      );
    });

    test("binaries and dates", () => {
      fc.assert(
        fc.property(fc.oneof(binary(), date()), (v) => roundTrip(v, dialect)),
        { numRuns: 200 },
      );
    });

    test("nested lists, typed lists, arrays, maps and objects", () => {
      fc.assert(
        fc.property(value({ maxDepth: 4 }), (v) => roundTrip(v, dialect)),
        RUNS,
      );
    });

    test("shared references and cycles", () => {
      fc.assert(
        fc.property(value({ maxDepth: 3, sharing: true }), (v) => roundTrip(v, dialect)),
        RUNS,
      );
    });

    test("several values through one stream keep class definitions and references", () => {
      fc.assert(
        fc.property(fc.array(value({ maxDepth: 2, sharing: true }), { minLength: 1, maxLength: 4 }), (vs) => {
          // the same container twice, across top-level values, is a back reference
          const values = vs.length > 1 ? [...vs, vs[0] as HessianValue] : vs;
          const bytes = encodeAll(values, { dialect });
          const back = decodeAll(bytes, { dialect });
          expect(modelEquals(values, back, { negativeZeroDoubleBecomesZero: true })).toBeUndefined();
          expect(toHex(encodeAll(back, { dialect }))).toBe(toHex(bytes));
        }),
        { numRuns: 150 },
      );
    });
  });
}

/**
 * Regression (FINDINGS.md F1, fixed): in the 3.1 draft 'T' (0x54) is both `true` and a type
 * reference, so `true` right after an untyped 'M' or a length-less 'V' used to read back as a
 * type reference. The encoder now writes an explicit empty type there.
 */
suite("hessian3: 'T' after 'M' / 'V' (FINDINGS.md F1)", () => {
  test("untyped map whose first key is true", () => {
    roundTrip(new JavaMap(null, [[true, 1]]), "hessian3");
  });
  test("untyped variable-length list whose first item is true", () => {
    roundTrip(new JavaList(null, [true, false], true), "hessian3");
  });
});
