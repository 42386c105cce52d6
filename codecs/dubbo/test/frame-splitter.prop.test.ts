import { CodecError } from "@tribridge/core";
import { encodeHeader, FrameSplitter } from "@tribridge/dubbo";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const arbFrame = fc
  .record({
    id: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    flags: fc.record({ request: fc.boolean(), twoWay: fc.boolean(), event: fc.boolean() }),
    body: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ id, flags, body }) => {
    const out = new Uint8Array(16 + body.length);
    out.set(
      encodeHeader({
        ...flags,
        serializationId: 2,
        status: flags.request ? 0 : 20,
        requestId: id,
        bodyLength: body.length,
      }),
    );
    out.set(body, 16);
    return out;
  });

function cut(stream: Uint8Array, points: number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((p) => p % (stream.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of sorted) {
    out.push(stream.subarray(prev, p));
    prev = p;
  }
  out.push(stream.subarray(prev));
  return out;
}

describe("FrameSplitter properties", () => {
  it("gives the same frames however the stream is cut", () => {
    fc.assert(
      fc.property(fc.array(arbFrame, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (frames, points) => {
        const stream = Buffer.concat(frames);
        const s = new FrameSplitter();
        const got: string[] = [];
        for (const chunk of cut(stream, points)) {
          for (const f of s.push(chunk)) got.push(Buffer.from(f.bytes).toString("hex"));
        }
        expect(got).toEqual(frames.map((f) => Buffer.from(f).toString("hex")));
        expect(s.buffered).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary bytes give frames or typed codec errors only", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 5 }), (bytes, points) => {
        const s = new FrameSplitter({ maxBodyLength: 1000 });
        try {
          for (const chunk of cut(bytes, points)) s.push(chunk);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
