import { ByteReader, ByteWriter, CodecError, DecodeError, EncodeError } from "@tribridge/core";
import { describe, expect, it } from "vitest";

describe("ByteWriter", () => {
  it("writes big-endian numbers and grows past its initial capacity", () => {
    const w = new ByteWriter("test", 2);
    w.u8(0xab);
    w.u16(0x0102);
    w.i32(-2);
    w.u32(0xdeadbeef);
    w.i64(-3n);
    w.f64(1.5);
    w.f32(0.25);
    expect(Array.from(w.view())).toEqual([
      0xab, 0x01, 0x02, 0xff, 0xff, 0xff, 0xfe, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd,
      0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x3e, 0x80, 0, 0,
    ]);
  });

  it("back-patches a length and hands out a right-sized copy", () => {
    const w = new ByteWriter("test");
    w.u32(0);
    w.raw(new Uint8Array([1, 2, 3]));
    w.patchU32(0, 3);
    const out = w.finish();
    expect(Array.from(out)).toEqual([0, 0, 0, 3, 1, 2, 3]);
    expect(out.buffer.byteLength).toBe(7);
    expect(w.pos).toBe(0);
  });

  it("refuses to grow beyond maxBytes with a typed error", () => {
    const w = new ByteWriter("test", 4, 8);
    w.raw(new Uint8Array(8));
    expect(() => w.u8(1)).toThrow(EncodeError);
    try {
      w.u8(1);
    } catch (e) {
      expect(e).toBeInstanceOf(CodecError);
      expect((e as EncodeError).reason).toBe("limit-exceeded");
      expect((e as EncodeError).offset).toBe(8);
    }
  });
});

describe("ByteReader", () => {
  it("reads what the writer wrote", () => {
    const w = new ByteWriter("test");
    w.u8(7);
    w.u16(65535);
    w.i32(-123456);
    w.i64(2n ** 62n);
    w.f64(-0.1);
    const r = new ByteReader(w.finish(), "test");
    expect(r.u8()).toBe(7);
    expect(r.u16()).toBe(65535);
    expect(r.i32()).toBe(-123456);
    expect(r.i64()).toBe(2n ** 62n);
    expect(r.f64()).toBe(-0.1);
    expect(r.remaining).toBe(0);
    expect(r.peek()).toBe(-1);
  });

  it("honours byteOffset of pooled buffers", () => {
    const backing = new Uint8Array([9, 9, 0x00, 0x00, 0x01, 0x00]);
    const r = new ByteReader(backing.subarray(2), "test");
    expect(r.i32()).toBe(256);
  });

  it("names protocol, reason and offset when input is truncated", () => {
    const r = new ByteReader(new Uint8Array([1, 2, 3]), "dubbo");
    r.u8();
    let caught: unknown;
    try {
      r.i32();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    const err = caught as DecodeError;
    expect(err.reason).toBe("truncated");
    expect(err.offset).toBe(1);
    expect(err.protocol).toBe("dubbo");
    expect(err.message).toMatch(/^\[dubbo\] truncated at byte 1:/);
  });

  it("returns zero-copy views", () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const r = new ByteReader(bytes, "test", 1, 3);
    const view = r.bytesView(2);
    expect(Array.from(view)).toEqual([2, 3]);
    expect(view.buffer).toBe(bytes.buffer);
    expect(() => r.u8()).toThrow(DecodeError);
  });

  it("rejects a window outside the input", () => {
    expect(() => new ByteReader(new Uint8Array(2), "test", 0, 3)).toThrow(RangeError);
  });
});

describe("CodecError brand", () => {
  it("recognises errors made by another copy of the class", () => {
    const foreign = new DecodeError("x", { protocol: "p", reason: "malformed", offset: 0 });
    expect(foreign instanceof CodecError).toBe(true);
    expect(foreign instanceof DecodeError).toBe(true);
    expect(foreign instanceof EncodeError).toBe(false);
    expect(new Error("plain") instanceof CodecError).toBe(false);
  });
});
