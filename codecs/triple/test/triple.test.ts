import { DecodeError } from "@tribridge/core";
import {
  buildRequestHeaders,
  buildTripleHttpHeaders,
  buildTripleHttpPath,
  buildTripleRequestHeaders,
  Code,
  checkRequestWrapper,
  decodeExceptionWrapper,
  decodeRequestWrapper,
  decodeResponseWrapper,
  decodeTripleJsonArgs,
  encodeExceptionWrapper,
  encodeRequestWrapper,
  encodeResponseWrapper,
  encodeTripleHttpError,
  encodeTripleJsonArgs,
  Metadata,
  methodSignature,
  parseRequestHeaders,
  parseTripleHttpError,
  parseTripleHttpPath,
  parseTripleRequestHeaders,
  serializationFromWire,
  serializationToWire,
  tripleExceptionCode,
} from "@tribridge/triple";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("Triple wrapper messages", () => {
  it("writes the request wrapper in Dubbo's field order (hand-checked bytes)", () => {
    const out = encodeRequestWrapper({ serializeType: "hessian4", args: [Uint8Array.of(0x91)], argTypes: ["int"] });
    // 0a 08 "hessian4" | 12 01 91 | 1a 03 "int"
    expect([...out]).toEqual([0x0a, 8, ...bytes("hessian4"), 0x12, 1, 0x91, 0x1a, 3, ...bytes("int")]);
  });

  it("writes the response wrapper without data when Java's was null, type always", () => {
    expect([...encodeResponseWrapper({ serializeType: "hessian4", data: undefined, type: "" })]).toEqual([
      0x0a,
      8,
      ...bytes("hessian4"),
      0x1a,
      0,
    ]);
    const r = decodeResponseWrapper(encodeResponseWrapper({ serializeType: "x", data: Uint8Array.of(1), type: "T" }));
    expect(r).toEqual({ serializeType: "x", data: Uint8Array.of(1), type: "T" });
  });

  it("round-trips all three wrappers and accepts fields in any order", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 30 }), fc.string({ maxLength: 30 })), { maxLength: 5 }),
        (serializeType, pairs) => {
          const w = { serializeType, args: pairs.map((p) => p[0]), argTypes: pairs.map((p) => p[1]) };
          const back = decodeRequestWrapper(encodeRequestWrapper(w));
          expect(back.serializeType).toBe(serializeType);
          expect(back.args.map((a) => [...a])).toEqual(w.args.map((a) => [...a]));
          expect(back.argTypes).toEqual(w.argTypes);
          checkRequestWrapper(back);
        },
      ),
      { numRuns: 200 },
    );
    const reordered = Uint8Array.of(0x1a, 1, 0x53, 0x0a, 1, 0x6a, 0x12, 0);
    expect(decodeRequestWrapper(reordered)).toEqual({ serializeType: "j", args: [new Uint8Array(0)], argTypes: ["S"] });
    const ex = {
      language: "java",
      serialization: "hessian4",
      className: "java.lang.IllegalStateException",
      data: Uint8Array.of(0x43),
    };
    expect(decodeExceptionWrapper(encodeExceptionWrapper(ex))).toEqual(ex);
  });

  it("rejects garbage with DecodeError only", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        for (const decode of [decodeRequestWrapper, decodeResponseWrapper, decodeExceptionWrapper]) {
          try {
            decode(b);
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
          }
        }
      }),
      { numRuns: 500 },
    );
    expect(() => checkRequestWrapper({ serializeType: "", args: [new Uint8Array(0)], argTypes: [] })).toThrow(
      DecodeError,
    );
  });

  it("renames hessian2 to hessian4 on the wire", () => {
    expect(serializationToWire("hessian2")).toBe("hessian4");
    expect(serializationFromWire("hessian4")).toBe("hessian2");
    expect(serializationToWire("fastjson2")).toBe("fastjson2");
  });
});

describe("tri-* headers", () => {
  it("carries group, version, app, timeout and case-preserved attachments", () => {
    const extra = buildTripleRequestHeaders({
      version: "2.0.0",
      group: "g1",
      consumerAppName: "shop",
      attachments: { traceId: "abc", count: 3, blob: Uint8Array.of(1, 2) },
    });
    expect(extra["tri-service-version"]).toBe("2.0.0");
    expect(extra["tri-service-group"]).toBe("g1");
    expect(extra["tri-consumer-appname"]).toBe("shop");
    expect(extra.traceid).toBe("abc");
    expect(extra["blob-bin"]).toBe("AQI");
    expect(decodeURIComponent(extra["tri-header-convert"] as string)).toBe('{"traceid":"traceId"}');
    const head = parseRequestHeaders(buildRequestHeaders({ path: "/org.example.Demo/hi", extra }));
    const tri = parseTripleRequestHeaders(head.metadata);
    expect(tri.version).toBe("2.0.0");
    expect(tri.group).toBe("g1");
    expect(tri.consumerAppName).toBe("shop");
    expect(tri.attachments.get("traceId")).toBe("abc");
    expect(tri.attachments.get("count")).toBe("3");
    expect(tri.attachments.get("blob-bin")).toEqual(Uint8Array.of(1, 2));
  });

  it("may omit the default version; falls back to rest-service-* aliases", () => {
    expect(
      buildTripleRequestHeaders({ version: "1.0.0" }, { omitDefaultVersion: true })["tri-service-version"],
    ).toBeUndefined();
    const tri = parseTripleRequestHeaders(Metadata.from({ "rest-service-group": "g", "tri-service-timeout": "300" }));
    expect(tri.group).toBe("g");
    expect(tri.serviceTimeoutMs).toBe(300);
    expect(parseTripleRequestHeaders(Metadata.from({ "tri-header-convert": "%zz{" })).attachments.size).toBe(0);
  });

  it("reads tri-exception-code", () => {
    expect(tripleExceptionCode(Metadata.from({ "tri-exception-code": "3" }))).toBe(3);
    expect(tripleExceptionCode(Metadata.from({}))).toBe(0);
    expect(tripleExceptionCode(Metadata.from({ "tri-exception-code": "x" }))).toBe(0);
  });
});

describe("Triple HTTP/JSON unary form", () => {
  it("builds and parses paths with context path and overload signature", () => {
    expect(methodSignature(["java.lang.String", "int"])).toBe("Si");
    const path = buildTripleHttpPath({
      contextPath: "/api/",
      service: "org.example.Demo",
      method: "hi",
      paramTypes: ["java.lang.String", "int"],
    });
    expect(path).toBe("/api/org.example.Demo/hi~Si");
    expect(parseTripleHttpPath(path + "?x=1")).toEqual({
      contextPath: "api",
      service: "org.example.Demo",
      method: "hi",
      signature: "Si",
    });
    expect(parseTripleHttpPath("/S/m").contextPath).toBe("");
    expect(() => parseTripleHttpPath("/only")).toThrow(DecodeError);
  });

  it("builds headers", () => {
    expect({ ...buildTripleHttpHeaders({ group: "g", version: "1", timeoutMs: 250 }) }).toEqual({
      "content-type": "application/json",
      "tri-protocol-version": "1.0.0",
      "tri-service-group": "g",
      "tri-service-version": "1",
      "tri-service-timeout": "250",
    });
  });

  it("maps JSON bodies to arguments as Dubbo 3.3 does", () => {
    expect(decodeTripleJsonArgs(encodeTripleJsonArgs(["a", 1]), 2)).toEqual(["a", 1]);
    expect(decodeTripleJsonArgs(bytes('{"name":"x","age":3}'), 2, ["name", "age"])).toEqual(["x", 3]);
    expect(decodeTripleJsonArgs(bytes('{"name":"x"}'), 2, ["name", "age"])).toEqual(["x", undefined]);
    expect(decodeTripleJsonArgs(bytes('{"a":1}'), 1)).toEqual([{ a: 1 }]);
    expect(decodeTripleJsonArgs(bytes('["only"]'), 1)).toEqual(["only"]);
    expect(decodeTripleJsonArgs(new Uint8Array(0), 0)).toEqual([]);
    expect(() => decodeTripleJsonArgs(bytes("[1]"), 2)).toThrow(DecodeError);
    expect(() => decodeTripleJsonArgs(bytes("{"), 1)).toThrow(DecodeError);
    expect(() => decodeTripleJsonArgs(Uint8Array.of(0xff), 1)).toThrow(DecodeError);
  });

  it("reads all three error body shapes", () => {
    expect(parseTripleHttpError(500, encodeTripleHttpError(404, "gone"))).toMatchObject({
      code: Code.UNIMPLEMENTED,
      message: "gone",
      shape: "java",
    });
    expect(parseTripleHttpError(400, bytes('{"status":5,"message":"nf"}'))).toMatchObject({
      code: 5,
      shape: "dubbo-js",
    });
    expect(parseTripleHttpError(400, bytes('{"status":40,"message":"format"}'))).toMatchObject({
      code: Code.INTERNAL,
      shape: "legacy",
    });
    expect(parseTripleHttpError(503, bytes("<html>"))).toMatchObject({ code: Code.UNAVAILABLE, shape: "none" });
  });
});
