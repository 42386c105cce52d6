/**
 * `copyBinary: false`: an unchunked binary comes back as a view into the caller's input (no
 * copy), a chunked one as one joined copy (its chunks are not contiguous); the default copies.
 */
import { describe, expect, test } from "vitest";
import { type Dialect, decode, decodeJs, encode } from "../src/index.js";

const DIALECTS: readonly Dialect[] = ["hessian2", "hessian3"];

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

describe("binary values as views", () => {
  for (const dialect of DIALECTS) {
    test(`${dialect}: an unchunked binary is a view into the input with copyBinary: false`, () => {
      for (const n of [0, 15, 16, 1000, 4000]) {
        const input = encode(pattern(n), { dialect }).slice();
        const view = decode(input, { dialect, copyBinary: false }) as Uint8Array;
        expect(view).toEqual(pattern(n));
        expect(view.buffer).toBe(input.buffer);
        expect(view.byteOffset + view.byteLength).toBe(input.byteLength);
        if (n > 0) {
          input[input.length - 1] ^= 0xff; // the view aliases the input
          expect(view[n - 1]).toBe(input[input.length - 1]);
        }
        const js = decodeJs(encode(pattern(n), { dialect }).slice(), { dialect, copyBinary: false }) as Uint8Array;
        expect(js).toEqual(pattern(n));
      }
    });

    test(`${dialect}: by default, and for chunked binaries, the result owns its bytes`, () => {
      const small = encode(pattern(100), { dialect }).slice();
      const copy = decode(small, { dialect }) as Uint8Array;
      expect(copy.buffer).not.toBe(small.buffer);
      const big = encode(pattern(200_000), { dialect }).slice(); // written in chunks, as Java does
      const joined = decode(big, { dialect, copyBinary: false }) as Uint8Array;
      expect(Buffer.from(joined).equals(pattern(200_000))).toBe(true);
      expect(joined.buffer).not.toBe(big.buffer);
    });
  }
});
