import { EncodeError } from "@tribridge/core";
import {
  buildRequestHeaders,
  buildResponseHeaders,
  Code,
  grpcCodecOf,
  Metadata,
  parseRequestHeaders,
  StatusError,
  tripleSubProtocol,
} from "@tribridge/triple";
import { describe, expect, it } from "vitest";

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("request headers", () => {
  it("builds in spec order with timeout right after pseudo-headers", () => {
    const h = buildRequestHeaders({
      service: "pkg.Greeter",
      method: "SayHello",
      timeoutMs: 1500,
      encoding: "gzip",
      acceptEncoding: ["gzip", "identity"],
      userAgent: "tribridge/0.1",
      metadata: new Metadata().append("x-id", "1").append("trace-bin", Uint8Array.of(1, 2, 3, 4)),
    });
    expect(Object.keys(h)).toEqual([
      ":method",
      ":path",
      "grpc-timeout",
      "content-type",
      "te",
      "grpc-encoding",
      "grpc-accept-encoding",
      "user-agent",
      "x-id",
      "trace-bin",
    ]);
    expect(h[":path"]).toBe("/pkg.Greeter/SayHello");
    expect(h["grpc-timeout"]).toBe("1500000u");
    expect(h["trace-bin"]).toBe("AQIDBA");
  });

  it("refuses invalid or reserved metadata", () => {
    expect(() => buildRequestHeaders({ path: "/a/b", metadata: { "Bad Name": "x" } })).toThrow(EncodeError);
    expect(() => buildRequestHeaders({ path: "/a/b", metadata: { "grpc-status": "0" } })).toThrow(EncodeError);
    expect(() => buildRequestHeaders({ path: "/a/b", metadata: { x: "é" } })).toThrow(EncodeError);
  });

  it("parses what it builds", () => {
    const h = buildRequestHeaders({ path: "/a.B/C", timeoutMs: 20, encoding: "gzip", metadata: { k: "v" } });
    const head = parseRequestHeaders(h);
    expect(head.service).toBe("a.B");
    expect(head.method).toBe("C");
    expect(head.codec).toBe("proto");
    expect(head.timeoutMs).toBe(20);
    expect(head.encoding).toBe("gzip");
    expect([...head.metadata]).toEqual([["k", "v"]]);
  });

  it("answers protocol errors with the right code and HTTP status", () => {
    const base = { ":method": "POST", ":path": "/a/b", "content-type": "application/grpc" };
    expect(statusOf(() => parseRequestHeaders({ ...base, ":method": "GET" })).httpStatus).toBe(405);
    const ct = statusOf(() => parseRequestHeaders({ ...base, "content-type": "application/json" }));
    expect(ct.httpStatus).toBe(415);
    expect(statusOf(() => parseRequestHeaders({ ...base, ":path": "/nothing" })).code).toBe(Code.UNIMPLEMENTED);
    expect(statusOf(() => parseRequestHeaders({ ...base, "grpc-timeout": "123456789S" })).code).toBe(
      Code.INVALID_ARGUMENT,
    );
  });

  it("recognises content types", () => {
    expect(grpcCodecOf("application/grpc")).toBe("proto");
    expect(grpcCodecOf("Application/GRPC+JSON; charset=utf-8")).toBe("json");
    expect(grpcCodecOf("application/grpc+")).toBeUndefined();
    expect(grpcCodecOf("application/grpc-web")).toBeUndefined();
    expect(grpcCodecOf("application/triple+wrapper")).toBe("wrapper");
    expect(tripleSubProtocol("application/grpc+proto")).toBe("grpc");
    expect(tripleSubProtocol("application/json")).toBe("http");
  });
});

describe("response headers and metadata", () => {
  it("builds response headers", () => {
    const h = buildResponseHeaders({ encoding: "gzip", acceptEncoding: "gzip,identity", metadata: [["a", "1"]] });
    expect({ ...h }).toEqual({
      ":status": "200",
      "content-type": "application/grpc+proto",
      "grpc-encoding": "gzip",
      "grpc-accept-encoding": "gzip,identity",
      a: "1",
    });
  });

  it("keeps duplicates and splits joined binary values", () => {
    const m = Metadata.from({ "X-A": ["1", "2"], "b-bin": "AQ==,Ag" });
    expect(m.getAll("x-a")).toEqual(["1", "2"]);
    expect(m.getBinary("b-bin")).toEqual([Uint8Array.of(1), Uint8Array.of(2)]);
    expect(m.toRecord()["x-a"]).toEqual(["1", "2"]);
    // A header named __proto__ stays data.
    const rec = Metadata.from([["__proto__", "x"]]).toRecord();
    expect(Object.getPrototypeOf(rec)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(rec, "__proto__")?.value).toBe("x");
  });
});
