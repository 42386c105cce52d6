/**
 * The encoder's table of repeated short ASCII strings (src/string-words.ts) must never change a
 * byte: a string written from the table equals the same string written unit by unit, whatever
 * the table holds, after it is cleared for size, and while it is switched off for misses.
 */
import { ByteWriter } from "@tribridge/core";
import fc from "fast-check";
import { beforeEach, describe, expect, test } from "vitest";
import { decodeAll, encode, encodeAll, JavaMap, JavaObject } from "../src/index.js";
import { resetStringWords, writeKnownString } from "../src/string-words.js";
import { writeString } from "../src/write-scalars.js";

/** The bytes of `s` as Java writes a short string: length byte, then one byte per ASCII unit. */
function expected(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

const asciiShort = fc.string({
  unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  maxLength: 31,
});
const anyShort = fc.string({ unit: "binary", maxLength: 31 });

beforeEach(() => resetStringWords());

describe("table of repeated strings", () => {
  test("a string written again comes from the table, byte for byte the same", () => {
    const s = "com.example.UserService";
    const w = new ByteWriter("hessian2", 64);
    writeString(w, s, false, true); // unknown: written by units, then remembered
    const first = w.view().slice();
    w.pos = 0;
    w.ensure(s.length + 9);
    expect(writeKnownString(w, s, s.length)).toBe(1);
    expect([...w.view()]).toEqual([...first]);
    expect([...first]).toEqual(expected(s));
  });

  test("property: any short string, written twice in one stream and across streams, keeps its bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(asciiShort, anyShort), { minLength: 1, maxLength: 12 }), (strings) => {
        const once = encodeAll(strings);
        const twice = encodeAll([...strings, ...strings]);
        expect([...twice.subarray(0, once.length)]).toEqual([...once]);
        expect([...twice.subarray(once.length)]).toEqual([...once]);
        expect(decodeAll(twice)).toEqual([...strings, ...strings]);
        expect([...encodeAll(strings)]).toEqual([...once]);
      }),
      { numRuns: 300 },
    );
  });

  test("the words never spill into the output: a string at the end of a result, then other values", () => {
    const s = "abcdefghijklm"; // 13 units: two words, the second padded
    encode(s);
    const alone = encode(s);
    expect([...alone]).toEqual(expected(s));
    const map = encode(new JavaMap(null, [[s, s]]));
    expect(decodeAll(map)).toEqual([new JavaMap(null, [[s, s]])]);
  });

  test("characters 0x7f and 0x00 are ASCII and survive the table; non-ASCII strings are never remembered", () => {
    const edge = "\u007f\u0000\u007f\u0000\u007f\u0000\u007f\u0000\u007f";
    encode(edge);
    expect([...encode(edge)]).toEqual(expected(edge));
    const accented = "caf\u00e9-caf\u00e9";
    const a = encode(accented);
    const w = new ByteWriter("hessian2", 64);
    expect(writeKnownString(w, accented, accented.length)).toBe(0);
    expect([...encode(accented)]).toEqual([...a]);
  });

  test("bounded: thousands of distinct strings take over one another's slots without changing any output", () => {
    const strings = Array.from({ length: 5000 }, (_, i) => `distinct-string-${i}`);
    for (const s of strings) encode(s);
    for (const s of strings.slice(-100)) expect([...encode(s)]).toEqual(expected(s));
    expect([...encode(strings[0] as string)]).toEqual(expected(strings[0] as string));
  });

  test("a run of misses switches the table off for a while; outputs are unchanged throughout", () => {
    for (let i = 0; i < 3000; i++) {
      const s = `miss-${i}-${"x".repeat(i % 20)}`;
      expect([...encode(s)]).toEqual(expected(s));
    }
    for (let i = 0; i < 200; i++) expect([...encode("repeated-name")]).toEqual(expected("repeated-name"));
  });

  test("object fields skip the table; their bytes are the same either way", () => {
    const user = new JavaObject("com.example.User", ["name", "email"], ["user-42", "user42@example.com"]);
    const first = encode(user);
    expect([...encode(user)]).toEqual([...first]);
    const w = new ByteWriter("hessian2", 64);
    expect(writeKnownString(w, "user42@example.com", 18)).toBe(0);
  });
});
