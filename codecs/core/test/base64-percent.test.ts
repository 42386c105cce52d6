import {
  Base64StreamDecoder,
  DecodeError,
  decodeBase64,
  encodeBase64,
  percentDecode,
  percentEncode,
} from "@tribridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const text = (s: string) => new TextEncoder().encode(s);

describe("base64", () => {
  it("encodes RFC 4648 test vectors, padded and not", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg=="],
      ["fo", "Zm8="],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg=="],
      ["fooba", "Zm9vYmE="],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, b64] of vectors) {
      expect(encodeBase64(text(plain))).toBe(b64);
      expect(encodeBase64(text(plain), { padding: false })).toBe(b64.replace(/=+$/, ""));
      expect(decodeBase64(b64)).toEqual(text(plain));
      expect(decodeBase64(b64.replace(/=+$/, ""))).toEqual(text(plain));
    }
  });

  it("uses and accepts the URL-safe alphabet", () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0xbf);
    expect(encodeBase64(bytes)).toBe("+/+/");
    expect(encodeBase64(bytes, { urlSafe: true })).toBe("-_-_");
    expect(decodeBase64("-_-_")).toEqual(bytes);
  });

  it("rejects bad characters and misplaced padding with DecodeError", () => {
    for (const bad of ["Zm9v!", "Z===", "Zg==Zg", "Zm 9v", "Z"]) {
      expect(() => decodeBase64(bad)).toThrow(DecodeError);
    }
  });

  it("stream-decodes concatenated padded runs cut anywhere", () => {
    const body = "Zg==" + "Zm8=" + "Zm9v" + "YQ==";
    for (let cut = 0; cut <= body.length; cut++) {
      const d = new Base64StreamDecoder();
      const a = d.push(body.slice(0, cut));
      const b = d.push(body.slice(cut));
      d.end();
      expect(new TextDecoder().decode(new Uint8Array([...a, ...b]))).toBe("ffofooa");
    }
  });

  it("stream decoder requires padding at end unless told otherwise", () => {
    const strict = new Base64StreamDecoder();
    strict.push("Zm8");
    expect(() => strict.end()).toThrow(DecodeError);
    const lenient = new Base64StreamDecoder({ allowUnpaddedEnd: true });
    expect(lenient.push("Zm8")).toEqual(new Uint8Array(0));
    expect(lenient.end()).toEqual(text("fo"));
  });

  it("round-trips arbitrary bytes through arbitrary chunkings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (runs, cuts) => {
          const body = runs.map((r) => encodeBase64(r)).join("");
          const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((x, y) => x - y);
          const d = new Base64StreamDecoder();
          const out: number[] = [];
          let prev = 0;
          for (const p of [...points, body.length]) {
            out.push(...d.push(body.slice(prev, p)));
            prev = p;
          }
          out.push(...d.end());
          expect(Uint8Array.from(out)).toEqual(Uint8Array.from(runs.flatMap((r) => [...r])));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("throws only DecodeError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        try {
          decodeBase64(s);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("percent encoding (grpc-message)", () => {
  it("keeps printable ASCII except % and encodes the rest as UTF-8", () => {
    expect(percentEncode("hello world")).toBe("hello world");
    expect(percentEncode("100% done")).toBe("100%25 done");
    expect(percentEncode("a\nb")).toBe("a%0Ab");
    expect(percentEncode("héllo ☺")).toBe("h%C3%A9llo %E2%98%BA");
  });

  it("decodes leniently: bad sequences kept, bad UTF-8 replaced, never throws", () => {
    expect(percentDecode("h%C3%A9llo")).toBe("héllo");
    expect(percentDecode("50%")).toBe("50%");
    expect(percentDecode("%zz%4")).toBe("%zz%4");
    expect(percentDecode("%FF")).toBe("\uFFFD");
    expect(percentDecode("a+b")).toBe("a+b");
    expect(percentDecode("a+b", { plusAsSpace: true })).toBe("a b");
  });

  it("round-trips any string without lone surrogates", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        const enc = percentEncode(s);
        expect(enc).toMatch(/^[\x20-\x7e]*$/);
        expect(percentDecode(enc)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});
