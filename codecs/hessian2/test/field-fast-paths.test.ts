/**
 * The decoder's shortcuts added for decode/pojo-list-1000 and decode-js/rpc-args must give
 * what the general code gives:
 *   - object fields holding a compact long, a Date or a double of thousandths are read inside
 *     readInstance, without readH4: same values as the same bytes read as list items (readH4),
 *     and, cut short, the same truncation error at the same offset;
 *   - the short-string table's hash and compare index from a masked position: strings at any
 *     offset, of any direct length, hit and miss exactly;
 *   - readJs sets its option fields once per stream when called without options: a call with
 *     options, then one without, must not keep the first call's options.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decode,
  decodeAllJs,
  decodeJs,
  encode,
  encodeAll,
  HessianDecoder,
  type HessianValue,
  JavaDouble,
  JavaObject,
  java,
} from "../src/index.js";
import { failureOf } from "./reason-of.js";

/** Values whose field forms readInstance reads itself: every compact long, Dates, doubles of thousandths. */
const fieldValue: fc.Arbitrary<HessianValue> = fc.oneof(
  fc.integer({ min: -2048, max: 2047 }).map((v) => BigInt(v)),
  fc.integer({ min: -8, max: 15 }).map((v) => BigInt(v)),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((v) => new Date(v * 60000)),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((m) => {
    const v = 0.001 * m;
    return Number.isInteger(v) ? new JavaDouble(v) : v;
  }),
  fc.constantFrom<HessianValue>(BigInt(2048), BigInt(-2049), 1.5, "x", null),
);

/** How the general path reads `values`: as the items of a list, each through readH4. */
function asListItems(values: HessianValue[]): HessianValue {
  return decode(encode(values));
}

describe("object fields read without readH4", () => {
  it("give the values the general path gives", () => {
    fc.assert(
      fc.property(fc.array(fieldValue, { minLength: 1, maxLength: 8 }), (values) => {
        const names = values.map((_, i) => `f${i}`);
        const obj = new JavaObject("com.example.Fields", names, values);
        // Twice in one list: the second instance reads its definition from the stream table.
        const back = decode(encode([obj, new JavaObject("com.example.Fields", names, values)])) as JavaObject[];
        const expected = asListItems(values);
        for (const got of back) expect(got.values).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("fail cut short exactly as readH4 does: truncated, at the byte after the tag", () => {
    const values: HessianValue[] = [BigInt(-2048), BigInt(2047), new Date(1700000000123), 98.765, BigInt(7)];
    for (const value of values) {
      const whole = encode(new JavaObject("com.example.One", ["v"], [value]));
      const field = encode(value);
      const tagAt = whole.length - field.length;
      expect(whole.subarray(tagAt)).toEqual(field);
      for (let cut = tagAt + 1; cut < whole.length; cut++) {
        const inObject = failureOf(() => decode(whole.subarray(0, cut)));
        expect(inObject).toEqual({ reason: "truncated", offset: tagAt + 1 });
        // The same bytes cut at the same point as a bare value, read by readH4.
        expect(failureOf(() => decode(field.subarray(0, cut - tagAt)))).toEqual({ reason: "truncated", offset: 1 });
      }
    }
  });

  it("read Dates beyond the JS range as readH4 does (an Invalid Date)", () => {
    const bytes = encode(new JavaObject("com.example.When", ["at"], [java.long(0)]));
    // Replace the long field by 'J' + the largest int64.
    const tagAt = bytes.length - 1;
    const far = new Uint8Array(tagAt + 9);
    far.set(bytes.subarray(0, tagAt));
    far.set([0x4a, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], tagAt);
    const got = (decode(far) as JavaObject).values[0] as Date;
    const general = decode(far.subarray(tagAt)) as Date;
    expect(Number.isNaN(got.getTime())).toBe(true);
    expect(Number.isNaN(general.getTime())).toBe(true);
  });
});

describe("short-string table at any position", () => {
  it("hits and misses exactly for every direct length at every offset", () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
    fc.assert(
      fc.property(
        fc.array(
          ascii.filter((s) => s.length >= 1 && s.length <= 31),
          { minLength: 1, maxLength: 6 },
        ),
        fc.nat(37),
        fc.integer({ min: 0, max: 30 }),
        (strings, pad, flip) => {
          const body = encodeAll(strings);
          const padded = new Uint8Array(pad + body.length);
          padded.set(body, pad);
          for (let round = 0; round < 3; round++) {
            expect(decodeAllJs(padded, { offset: pad })).toEqual(strings);
          }
          // One byte changed (still ASCII): the table's earlier string must not answer.
          const first = strings[0] as string;
          const at = flip % first.length;
          const changed = `${first.slice(0, at)}${first[at] === "q" ? "r" : "q"}${first.slice(at + 1)}`;
          const other = encode(changed);
          padded.set(other, pad);
          expect(decodeJs(padded.subarray(0, pad + other.length), { offset: pad })).toBe(changed);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("JS-view options set once per stream", () => {
  it("do not carry a call's options into the next call without options", () => {
    const bytes = encodeAll([java.long(5), java.long(6)]);
    expect(decodeAllJs(bytes, { long: "bigint" })).toEqual([BigInt(5), BigInt(6)]);
    expect(decodeAllJs(bytes)).toEqual([5, 6]);
    expect(decodeAllJs(bytes, { long: "string" })).toEqual(["5", "6"]);
    expect(decodeAllJs(bytes)).toEqual([5, 6]);
  });

  it("follow each readJs of one stream, with and without options", () => {
    const bytes = encodeAll([java.long(1), java.long(2), java.long(3), java.long(4)]);
    const d = new HessianDecoder(bytes);
    expect(d.readJs()).toBe(1);
    expect(d.readJs({ long: "bigint" })).toBe(BigInt(2));
    expect(d.readJs()).toBe(3);
    expect(d.readJs({ long: "string" })).toBe("4");
  });
});
