import { ByteReader, ByteWriter, DecodeError, readCesu8Chars, writeCesu8 } from "@tribridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// Any sequence of UTF-16 units, lone surrogates included: Java strings allow them.
const javaString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) });

describe("CESU-8 properties", () => {
  it("round-trips every Java string", () => {
    fc.assert(
      fc.property(javaString, (text) => {
        const w = new ByteWriter("test");
        writeCesu8(w, text);
        const bytes = w.finish();
        const r = new ByteReader(bytes, "test");
        expect(readCesu8Chars(r, text.length)).toBe(text);
        expect(r.pos).toBe(bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  it("either decodes arbitrary bytes or throws a DecodeError inside the input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 80 }), (bytes, chars) => {
        const r = new ByteReader(bytes, "test");
        try {
          const s = readCesu8Chars(r, chars);
          expect(s.length).toBe(chars);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          const offset = (e as DecodeError).offset;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
