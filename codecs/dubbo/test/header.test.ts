import { DecodeError, EncodeError } from "@tribridge/core";
import {
  encodeHeader,
  FLAG_EVENT,
  flagByte,
  readHeader,
  STATUS,
  serializationName,
  statusName,
} from "@tribridge/dubbo";
import { describe, expect, it } from "vitest";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("header", () => {
  it("writes the typical flag bytes of Java's ExchangeCodec", () => {
    const base = { serializationId: 2 };
    expect(flagByte({ ...base, request: true, twoWay: true, event: false })).toBe(0xc2);
    expect(flagByte({ ...base, request: true, twoWay: false, event: false })).toBe(0x82);
    expect(flagByte({ ...base, request: true, twoWay: true, event: true })).toBe(0xe2);
    expect(flagByte({ ...base, request: false, twoWay: false, event: false })).toBe(0x02);
    expect(flagByte({ ...base, request: false, twoWay: false, event: true })).toBe(0x22);
    expect(FLAG_EVENT).toBe(0x20);
  });

  it("writes and reads ids at every 32/64-bit edge big-endian, as DataView does", () => {
    const edges = [
      0n,
      1n,
      2n ** 32n - 1n,
      2n ** 32n,
      2n ** 53n + 1n,
      2n ** 63n - 1n,
      -1n,
      -(2n ** 32n),
      -(2n ** 32n) - 1n,
      -(2n ** 63n),
    ];
    for (const requestId of edges) {
      const h = {
        request: true,
        twoWay: true,
        event: false,
        serializationId: 2,
        status: 0,
        requestId,
        bodyLength: 0x01020304,
      };
      const bytes = encodeHeader(h);
      const want = new DataView(new ArrayBuffer(8));
      want.setBigInt64(0, requestId);
      expect(hex(bytes.subarray(4, 12))).toBe(hex(new Uint8Array(want.buffer)));
      expect(hex(bytes.subarray(12, 16))).toBe("01020304");
      expect(readHeader(bytes)).toEqual(h);
    }
  });

  it("round-trips a heartbeat header with a negative id", () => {
    const h = {
      request: false,
      twoWay: false,
      event: true,
      serializationId: 2,
      status: STATUS.OK,
      requestId: -2n,
      bodyLength: 1,
    };
    const bytes = encodeHeader(h);
    expect(hex(bytes)).toBe("dabb2214fffffffffffffffe00000001");
    expect(readHeader(bytes)).toEqual(h);
  });

  it("rejects bad magic with a typed error at the stream offset", () => {
    const bytes = encodeHeader({
      request: true,
      twoWay: true,
      event: false,
      serializationId: 2,
      status: 0,
      requestId: 1n,
      bodyLength: 0,
    });
    bytes[1] = 0xbc;
    try {
      readHeader(bytes, 0, 100);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).reason).toBe("malformed");
      expect((e as DecodeError).offset).toBe(100);
      expect((e as DecodeError).message).toContain("0xdabc");
    }
  });

  it("rejects a negative body length and a short header", () => {
    const bytes = new Uint8Array(16);
    bytes.set([0xda, 0xbb, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]);
    expect(() => readHeader(bytes)).toThrow(/negative body length/);
    expect(() => readHeader(bytes.subarray(0, 10))).toThrow(DecodeError);
  });

  it("refuses fields that do not fit", () => {
    const h = {
      request: true,
      twoWay: true,
      event: false,
      serializationId: 2,
      status: 0,
      requestId: 1n,
      bodyLength: 0,
    };
    expect(() => encodeHeader({ ...h, serializationId: 32 })).toThrow(EncodeError);
    expect(() => encodeHeader({ ...h, requestId: 2n ** 63n })).toThrow(EncodeError);
    expect(() => encodeHeader({ ...h, bodyLength: -1 })).toThrow(EncodeError);
  });

  it("names every status and serialization id", () => {
    expect(Object.entries(STATUS).map(([k, v]) => statusName(v) === k)).not.toContain(false);
    expect(statusName(40)).toBe("BAD_REQUEST");
    expect(statusName(41)).toBe("UNKNOWN_41");
    expect(serializationName(2)).toBe("hessian2");
    expect(serializationName(23)).toBe("fastjson2");
    expect(serializationName(1)).toBe("unknown");
  });
});
