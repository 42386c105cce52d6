import { DecodeError } from "@tribridge/core";
import { EnvelopeDecoder, encodeEnvelopes } from "@tribridge/triple";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const envelopes = fc.array(fc.record({ flags: fc.constantFrom(0, 1), data: fc.uint8Array({ maxLength: 300 }) }), {
  maxLength: 8,
});

function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.slice(prev, p));
    prev = p;
  }
  return chunks;
}

describe("envelope properties", () => {
  it("round-trips through arbitrary cuts", () => {
    fc.assert(
      fc.property(envelopes, fc.array(fc.nat(), { maxLength: 12 }), (list, cuts) => {
        const body = encodeEnvelopes(list);
        const d = new EnvelopeDecoder();
        const out = cutAt(body, cuts).flatMap((c) => d.push(c));
        d.end();
        expect(out.map((e) => ({ flags: e.flags, data: Uint8Array.from(e.data) }))).toEqual(
          list.map((e) => ({ flags: e.flags, data: Uint8Array.from(e.data) })),
        );
      }),
      { numRuns: 400 },
    );
  });

  it("one byte at a time gives the same messages", () => {
    fc.assert(
      fc.property(envelopes, (list) => {
        const body = encodeEnvelopes(list);
        const d = new EnvelopeDecoder();
        const out = [];
        for (let i = 0; i < body.length; i++) out.push(...d.push(body.subarray(i, i + 1)));
        d.end();
        expect(out.length).toBe(list.length);
      }),
      { numRuns: 100 },
    );
  });

  it("arbitrary bytes give messages or DecodeErrors, never another error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
        const d = new EnvelopeDecoder({ maxMessageBytes: 32 });
        try {
          for (const c of cutAt(bytes, cuts)) d.push(c);
          d.end();
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
