import { DecodeError } from "@tribridge/core";
import { encodeHeader, FrameSplitter } from "@tribridge/dubbo";
import { describe, expect, it } from "vitest";

function frame(id: bigint, body: number[]): Uint8Array {
  const h = encodeHeader({
    request: true,
    twoWay: true,
    event: false,
    serializationId: 2,
    status: 0,
    requestId: id,
    bodyLength: body.length,
  });
  const out = new Uint8Array(16 + body.length);
  out.set(h);
  out.set(body, 16);
  return out;
}

describe("FrameSplitter", () => {
  it("cuts several frames out of one chunk and keeps a partial tail", () => {
    const a = frame(1n, [1, 2, 3]);
    const b = frame(2n, []);
    const c = frame(3n, [9, 9]);
    const s = new FrameSplitter();
    const all = Buffer.concat([a, b, c.subarray(0, 5)]);
    const got = s.push(all);
    expect(got.map((f) => f.head.requestId)).toEqual([1n, 2n]);
    expect(got[0]?.streamOffset).toBe(0);
    expect(got[1]?.streamOffset).toBe(19);
    expect(s.buffered).toBe(5);
    const rest = s.push(c.subarray(5));
    expect(rest).toHaveLength(1);
    expect(Array.from(rest[0]?.bytes ?? [])).toEqual(Array.from(c));
    expect(rest[0]?.streamOffset).toBe(35);
    expect(s.buffered).toBe(0);
  });

  it("reassembles a frame fed one byte at a time", () => {
    const a = frame(-7n, [4, 5, 6, 7]);
    const s = new FrameSplitter();
    const out = [];
    for (const byte of a) out.push(...s.push(Uint8Array.of(byte)));
    expect(out).toHaveLength(1);
    expect(out[0]?.head.requestId).toBe(-7n);
  });

  it("refuses an oversized body from the header alone, before buffering it", () => {
    const s = new FrameSplitter({ maxBodyLength: 100 });
    const h = frame(1n, []);
    new DataView(h.buffer, h.byteOffset).setInt32(12, 101);
    try {
      s.push(h);
      expect.unreachable();
    } catch (e) {
      expect((e as DecodeError).reason).toBe("limit-exceeded");
    }
    expect(() => s.push(new Uint8Array(1))).toThrow(DecodeError);
  });

  it("default limit is 8 MiB", () => {
    const s = new FrameSplitter();
    expect(s.maxBodyLength).toBe(8 * 1024 * 1024);
    const h = frame(1n, []);
    new DataView(h.buffer, h.byteOffset).setInt32(12, 8 * 1024 * 1024 + 1);
    expect(() => s.push(h)).toThrow(/payload limit/);
  });

  it("refuses bad magic in the second frame of a stream, naming its offset", () => {
    const s = new FrameSplitter();
    const b = frame(2n, [1]);
    b[0] = 0x00;
    try {
      s.push(Buffer.concat([frame(1n, [1, 2]), b]));
      expect.unreachable();
    } catch (e) {
      expect((e as DecodeError).reason).toBe("malformed");
      expect((e as DecodeError).offset).toBe(18);
    }
  });
});
