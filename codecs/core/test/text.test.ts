import { ByteReader, ByteWriter, cesu8ByteLength, DecodeError, readCesu8Chars, writeCesu8 } from "@tribridge/core";
import { describe, expect, it } from "vitest";

function cesu(text: string): number[] {
  const w = new ByteWriter("test");
  writeCesu8(w, text);
  return Array.from(w.finish());
}

function read(bytes: number[], chars: number): { value: string; pos: number } {
  const r = new ByteReader(new Uint8Array(bytes), "test");
  const value = readCesu8Chars(r, chars);
  return { value, pos: r.pos };
}

describe("CESU-8 as Java's Hessian writes it", () => {
  it("encodes each UTF-16 unit on its own", () => {
    expect(cesu("A")).toEqual([0x41]);
    expect(cesu("\u0000")).toEqual([0x00]);
    expect(cesu("é")).toEqual([0xc3, 0xa9]);
    expect(cesu("中")).toEqual([0xe4, 0xb8, 0xad]);
    // U+1F600 is the pair D83D DE00: two 3-byte sequences, never UTF-8's f0 9f 98 80.
    expect(cesu("\u{1F600}")).toEqual([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]);
    expect(cesu("\ud800")).toEqual([0xed, 0xa0, 0x80]);
    expect(cesu8ByteLength("Aé中\u{1F600}")).toBe(1 + 2 + 3 + 6);
  });

  it("decodes counted UTF-16 units, whatever the byte length", () => {
    expect(read([0x41, 0x42, 0x43], 2)).toEqual({ value: "AB", pos: 2 });
    expect(read([0xc3, 0xa9, 0xe4, 0xb8, 0xad], 2)).toEqual({ value: "é中", pos: 5 });
    expect(read([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], 2)).toEqual({ value: "\u{1F600}", pos: 6 });
    expect(read([0xed, 0xa0, 0x80], 1)).toEqual({ value: "\ud800", pos: 3 });
  });

  it("accepts 4-byte UTF-8 as two units and Java's overlong NUL", () => {
    expect(read([0xf0, 0x9f, 0x98, 0x80], 2)).toEqual({ value: "\u{1F600}", pos: 4 });
    expect(read([0xc0, 0x80], 1)).toEqual({ value: "\u0000", pos: 2 });
  });

  it("decodes long ASCII and long mixed runs through the fast paths", () => {
    const ascii = "x".repeat(5000);
    expect(read(cesu(ascii), 5000).value).toBe(ascii);
    const mixed = "héllo 中文 ".repeat(1000);
    expect(read(cesu(mixed), mixed.length).value).toBe(mixed);
    const astral = "a\u{1F600}".repeat(3000);
    expect(read(cesu(astral), astral.length).value).toBe(astral);
  });

  it.each([
    { bytes: [0x80], chars: 1, reason: "bad-utf8", offset: 0 },
    { bytes: [0x41, 0xc3], chars: 2, reason: "truncated", offset: 1 },
    { bytes: [0xc3, 0x41], chars: 1, reason: "bad-utf8", offset: 1 },
    { bytes: [0xff], chars: 1, reason: "bad-utf8", offset: 0 },
    { bytes: [0x41], chars: 2, reason: "truncated", offset: 0 },
    { bytes: [0xf0, 0x9f, 0x98, 0x80], chars: 1, reason: "bad-utf8", offset: 0 },
  ])("rejects $bytes as $reason at $offset", ({ bytes, chars, reason, offset }) => {
    let caught: unknown;
    try {
      read(bytes, chars);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    expect((caught as DecodeError).reason).toBe(reason);
    expect((caught as DecodeError).offset).toBe(offset);
  });

  it("refuses a character count the input cannot hold before scanning", () => {
    expect(() => read([0x41], 2 ** 31)).toThrow(/at least/);
  });
});
