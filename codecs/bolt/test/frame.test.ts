import { DecodeError, EncodeError } from "@tribridge/core";
import { JavaMap } from "@tribridge/hessian2";
import { describe, expect, it } from "vitest";
import {
  CMD_REQUEST,
  CODEC,
  codecName,
  crc32,
  decodeFrame,
  decodeHeaderMap,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeFrame,
  encodeHeaderMap,
  encodeSofaRequest,
  encodeSofaResponse,
  FrameSplitter,
  heartbeatRequest,
  heartbeatResponse,
  PayloadTooLargeError,
  parseUniqueName,
  readHead,
  SOFA_REQUEST_CLASS,
  STATUS,
  sofaRequestHeader,
  statusName,
  TYPE_REQUEST,
  uniqueName,
} from "../src/index.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));

const request = {
  type: TYPE_REQUEST,
  cmdCode: CMD_REQUEST,
  requestId: 7,
  codec: CODEC.HESSIAN2,
  timeout: 3000,
  className: "C",
  header: bytes("00000001 6b 00000001 76"),
  content: bytes("aabb"),
};

function decodeErr(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error("no error");
}

describe("frames", () => {
  it("v1 request layout: 22-byte header, then class, header map, content", () => {
    expect(hex(encodeFrame(request))).toBe(
      "01 01 0001 01 00000007 01 00000bb8 0001 000a 00000002 43 000000016b0000000176 aabb".replace(/ /g, ""),
    );
  });

  it("v1 response layout: 20-byte header with a uint16 status", () => {
    const f = encodeFrame({
      type: 0,
      cmdCode: 2,
      requestId: -1,
      codec: 1,
      status: STATUS.CONNECTION_CLOSED,
      className: "",
      header: new Uint8Array(0),
      content: bytes("01"),
    });
    expect(hex(f)).toBe("0100000201ffffffff010010000000000000000101");
    const d = decodeFrame(f);
    expect([d.status, d.requestId, d.head.headLength]).toEqual([16, -1, 20]);
  });

  it("v2 inserts the version and switch bytes and appends a CRC32 when asked", () => {
    const f = encodeFrame({ ...request, protocol: 2, protocolVersion: 2, switches: 1 });
    expect(f.length).toBe(24 + 1 + 10 + 2 + 4);
    expect(hex(f.subarray(0, 3))).toBe("020201");
    expect(f[11]).toBe(1); // switch byte after the codec
    const d = decodeFrame(f);
    expect(d.head.crc).toBe(true);
    expect(hex(d.content)).toBe("aabb");
    // Same frame without the switch: no CRC; protocolVersion 1 never carries one.
    expect(encodeFrame({ ...request, protocol: 2, protocolVersion: 2, switches: 0 }).length).toBe(24 + 13);
    expect(encodeFrame({ ...request, protocol: 2, protocolVersion: 1, switches: 1 }).length).toBe(24 + 13);
  });

  it("a corrupted v2 frame fails its CRC", () => {
    const f = encodeFrame({ ...request, protocol: 2, protocolVersion: 2, switches: 1 });
    f[30] = (f[30] as number) ^ 0xff;
    expect(decodeErr(() => decodeFrame(f)).reason).toBe("malformed");
  });

  it("crc32 is java.util.zip.CRC32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("bad protocol code, bad type and negative lengths are typed errors with offsets", () => {
    const e = decodeErr(() => readHead(bytes("dabb0000000000000000000000000000000000000000"), 0, 100));
    expect([e.reason, e.offset]).toEqual(["malformed", 100]);
    expect(decodeErr(() => readHead(bytes("0109"))).reason).toBe("malformed");
    const neg = encodeFrame(request);
    neg[14] = 0xff;
    expect(decodeErr(() => decodeFrame(neg)).reason).toBe("malformed");
    expect(decodeErr(() => decodeFrame(encodeFrame(request).subarray(0, 30))).reason).toBe("truncated");
  });

  it("refuses unencodable fields and oversize bodies", () => {
    expect(() => encodeFrame({ ...request, requestId: 2 ** 31 })).toThrow(EncodeError);
    expect(() => encodeFrame({ ...request, protocol: 3 })).toThrow(EncodeError);
    expect(() => encodeFrame(request, { maxBodyLength: 5 })).toThrow(/exceeds/);
  });

  it("heartbeats: cmdcode 0, empty sections, the ack copies id and protocol", () => {
    const hb = encodeFrame(heartbeatRequest(5));
    expect(hex(hb)).toBe("01010000010000000501ffffffff0000000000000000");
    const ack = decodeFrame(encodeFrame(heartbeatResponse(5, { protocol: 2, protocolVersion: 1 })));
    expect([ack.protocol, ack.cmdCode, ack.type, ack.requestId, ack.status]).toEqual([2, 0, 0, 5, 0]);
  });

  it("status and codec names", () => {
    expect(statusName(0x10)).toBe("CONNECTION_CLOSED");
    expect(statusName(0x12)).toBe("SERVER_DESERIAL_EXCEPTION");
    expect(statusName(99)).toBe("UNKNOWN_STATUS(99)");
    expect(codecName(1)).toBe("hessian2");
    expect(codecName(23)).toBe("fory");
  });
});

describe("header map", () => {
  it("round trips in order, UTF-8, skips nulls, empty map is no bytes", () => {
    const m = new Map([
      ["service", "a.B:1.0"],
      ["k", "wörld 😀"],
      ["empty", ""],
    ]);
    const b = encodeHeaderMap(m);
    expect([...decodeHeaderMap(b)]).toEqual([...m]);
    expect(encodeHeaderMap({ a: undefined }).length).toBe(0);
    expect([...decodeHeaderMap(bytes("00000001 61 ffffffff 00000001 62 00000000"))]).toEqual([["b", ""]]);
  });

  it("truncated and negative lengths are typed errors", () => {
    expect(decodeErr(() => decodeHeaderMap(bytes("000000ff61"), 40)).offset).toBe(40);
    expect(decodeErr(() => decodeHeaderMap(bytes("fffffffe"))).reason).toBe("malformed");
    expect(decodeErr(() => decodeHeaderMap(bytes("000000"))).reason).toBe("truncated");
  });
});

describe("splitter", () => {
  it("refuses an oversized body from its header alone, before buffering it", () => {
    const s = new FrameSplitter({ maxBodyLength: 100 });
    const big = encodeFrame({ ...request, content: new Uint8Array(1000) });
    const e = decodeErr(() => s.push(big.subarray(0, 22)));
    expect(e).toBeInstanceOf(PayloadTooLargeError);
    expect((e as PayloadTooLargeError).head.requestId).toBe(7);
    expect(s.buffered).toBe(0);
    expect(() => s.push(new Uint8Array(1))).toThrow(PayloadTooLargeError); // stays failed
  });

  it("fails on a bad first byte without waiting for more", () => {
    expect(decodeErr(() => new FrameSplitter().push(bytes("da"))).reason).toBe("malformed");
  });
});

describe("SOFARPC layer", () => {
  const req = {
    targetServiceUniqueName: uniqueName("com.example.Echo", undefined, "g1"),
    methodName: "echo",
    methodArgSigs: ["java.lang.String", "int"],
    targetAppName: null,
    requestProps: new JavaMap(null, [
      ["rpc_trace_context", new JavaMap(null, [["sofaTraceId", "t1"]])],
      ["n", 5],
    ]),
    args: ["hi", 3],
  };

  it.each(["hessian2", "hessian3"] as const)("SofaRequest round trips in %s and reports its dialect", (dialect) => {
    const content = encodeSofaRequest(req, { dialect });
    expect(content[0]).toBe(dialect === "hessian2" ? 0x43 : 0x4f);
    const d = decodeSofaRequest(content);
    expect(d.dialect).toBe(dialect);
    expect(d.request.args).toEqual(["hi", 3]);
    expect(d.request.targetServiceUniqueName).toBe("com.example.Echo:1.0:g1");
    expect(d.request.methodArgSigs).toEqual(["java.lang.String", "int"]);
  });

  it.each(["hessian2", "hessian3"] as const)("SofaResponse round trips in %s", (dialect) => {
    const r = {
      isError: true,
      errorMsg: "no such method",
      appResponse: null,
      responseProps: new JavaMap(null, [["a", "b"]]),
    };
    const d = decodeSofaResponse(encodeSofaResponse(r, { dialect }));
    expect(d.dialect).toBe(dialect);
    expect(d.response.isError).toBe(true);
    expect(d.response.errorMsg).toBe("no such method");
    expect(d.response.responseProps?.get("a")).toBe("b");
  });

  it("request header: service keys plus flattened props", () => {
    expect(Object.fromEntries(sofaRequestHeader(req))).toEqual({
      service: "com.example.Echo:1.0:g1",
      sofa_head_method_name: "echo",
      sofa_head_target_service: "com.example.Echo:1.0:g1",
      "rpc_trace_context.sofaTraceId": "t1",
      n: "5",
    });
    expect(parseUniqueName("a.B:2.0:x:y")).toEqual({ interface: "a.B", version: "2.0", uniqueId: "x:y" });
  });

  it("content that is not a SOFA envelope, or misses arguments, is a typed error", () => {
    expect(decodeErr(() => decodeSofaRequest(bytes("91"))).reason).toBe("malformed");
    expect(decodeErr(() => decodeSofaRequest(new Uint8Array(0))).reason).toBe("malformed");
    const content = encodeSofaRequest(req, { dialect: "hessian2" });
    const cut = decodeSofaRequest.bind(null, content.subarray(0, content.length - 1));
    expect(decodeErr(cut).reason).toBe("truncated");
    expect(decodeErr(() => decodeSofaResponse(encodeSofaRequest(req, { dialect: "hessian3" }))).reason).toBe(
      "malformed",
    );
    expect(SOFA_REQUEST_CLASS.length).toBe(44);
  });
});
