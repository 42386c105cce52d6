import { DecodeError, encodeBase64 } from "@tribridge/core";
import {
  AlignedTextEncoder,
  buildGrpcWebRequestHeaders,
  decodeTrailerBlock,
  encodeMessageFrame,
  encodeResponseBody,
  encodeTextChunk,
  encodeTrailerBlock,
  encodeTrailerFrame,
  GrpcWebDecoder,
  type GrpcWebFrame,
  grpcResponseHeadersToGrpcWeb,
  grpcWebRequestToGrpc,
  parseGrpcWebContentType,
  parseGrpcWebRequestHeaders,
  parseGrpcWebResponseHeaders,
  resolveGrpcWebStatus,
  wantsTextResponse,
} from "@tribridge/grpc-web";
import { Code, encodeEnvelope, Metadata, type StatusError } from "@tribridge/triple";
import { describe, expect, it } from "vitest";

const bytes = (s: string) => new TextEncoder().encode(s);
const trailersOf = (frames: GrpcWebFrame[]) => {
  const t = frames.find((f) => f.type === "trailers");
  return t !== undefined && !t.compressed ? t.metadata : undefined;
};

describe("gRPC-Web content types", () => {
  it("parses the four forms and codecs", () => {
    expect(parseGrpcWebContentType("application/grpc-web")).toEqual({ text: false, codec: "proto" });
    expect(parseGrpcWebContentType("application/grpc-web+proto")).toEqual({ text: false, codec: "proto" });
    expect(parseGrpcWebContentType("application/grpc-web-text")).toEqual({ text: true, codec: "proto" });
    expect(parseGrpcWebContentType("application/grpc-web-text+proto; charset=x")).toEqual({
      text: true,
      codec: "proto",
    });
    expect(parseGrpcWebContentType("application/grpc-web+json")).toEqual({ text: false, codec: "json" });
    expect(parseGrpcWebContentType("application/grpc-web-text-base64")).toEqual({ text: true, codec: "proto" });
    expect(parseGrpcWebContentType("application/grpc")).toBeUndefined();
    expect(parseGrpcWebContentType("application/grpc-webx")).toBeUndefined();
    expect(wantsTextResponse("application/grpc-web", "application/grpc-web-text")).toBe(true);
    expect(wantsTextResponse("application/grpc-web", "*/*")).toBe(false);
  });
});

describe("trailer block", () => {
  it("writes lower-case lines without a closing blank line", () => {
    const b = encodeTrailerBlock({ "grpc-status": "0", "grpc-message": "ok" });
    expect(new TextDecoder().decode(b)).toBe("grpc-status: 0\r\ngrpc-message: ok\r\n");
  });

  it("reads mixed case, no-space, LF-only and duplicate lines", () => {
    const m = decodeTrailerBlock(bytes("Grpc-Status:3\r\ngRPC-Message: bad%20thing \nx-d: 1\r\nx-d: 2\r\n\r\n"));
    expect(m.get("grpc-status")).toBe("3");
    expect(m.get("grpc-message")).toBe("bad%20thing");
    expect(m.getAll("x-d")).toEqual(["1", "2"]);
  });

  it("rejects a line without a colon", () => {
    expect(() => decodeTrailerBlock(bytes("grpc-status 0\r\n"))).toThrow(DecodeError);
    expect(() => decodeTrailerBlock(bytes(": x\r\n"))).toThrow(DecodeError);
  });
});

describe("binary bodies", () => {
  it("frames messages then trailers and decodes them back", () => {
    const body = encodeResponseBody([bytes("one"), bytes("two")], { "grpc-status": "0" });
    expect(body[body.length - ("grpc-status: 0\r\n".length + 5)]).toBe(0x80);
    const frames = new GrpcWebDecoder().push(body);
    expect(frames.map((f) => f.type)).toEqual(["message", "message", "trailers"]);
    expect(trailersOf(frames)?.get("grpc-status")).toBe("0");
  });

  it("hands compressed trailer frames over undecoded", () => {
    const frames = new GrpcWebDecoder().push(encodeEnvelope(0x81, Uint8Array.of(1, 2)));
    expect(frames[0]).toEqual({ type: "trailers", compressed: true, data: Uint8Array.of(1, 2) });
  });

  it("rejects frames after the trailer frame and trailers in requests", () => {
    const body = new Uint8Array([...encodeTrailerFrame({ "grpc-status": "0" }), ...encodeMessageFrame(bytes("x"))]);
    expect(() => new GrpcWebDecoder().push(body)).toThrow(/after the trailer/);
    expect(() => new GrpcWebDecoder({ role: "request" }).push(encodeTrailerFrame({}))).toThrow(DecodeError);
  });
});

describe("text bodies", () => {
  it("decodes per-frame padded base64 (Envoy's output), cut inside the padding", () => {
    const frames = [
      encodeMessageFrame(bytes("a")),
      encodeMessageFrame(bytes("bc")),
      encodeTrailerFrame({ "grpc-status": "0" }),
    ];
    const text = frames.map(encodeTextChunk).join("");
    expect(text.indexOf("=")).toBeLessThan(text.length - 2);
    const pad = text.indexOf("==");
    const d = new GrpcWebDecoder({ text: true });
    const out = [...d.push(text.slice(0, pad + 1)), ...d.push(bytes(text.slice(pad + 1))), ...d.end()];
    expect(out.map((f) => f.type)).toEqual(["message", "message", "trailers"]);
  });

  it("requires a padded end unless configured, like Envoy", () => {
    const text = encodeTextChunk(encodeMessageFrame(bytes("ab"))).replace(/=+$/, "");
    expect(text.length % 4).not.toBe(0);
    const strict = new GrpcWebDecoder({ text: true });
    strict.push(text);
    expect(() => strict.end()).toThrow(DecodeError);
    const lenient = new GrpcWebDecoder({ text: true, allowUnpaddedEnd: true });
    expect([...lenient.push(text), ...lenient.end()]).toHaveLength(1);
  });

  it("aligned encoder emits no inner padding", () => {
    const enc = new AlignedTextEncoder();
    const body = encodeResponseBody([bytes("hello"), bytes("x")], { "grpc-status": "0" });
    const text = enc.push(body.subarray(0, 7)) + enc.push(body.subarray(7)) + enc.end();
    expect(text).toBe(encodeBase64(body));
  });
});

describe("headers", () => {
  it("parses a grpc-web request and rewrites it for a gRPC upstream", () => {
    const h = buildGrpcWebRequestHeaders({ path: "/pkg.S/M", text: true, timeoutMs: 100, metadata: { "x-a": "1" } });
    const head = parseGrpcWebRequestHeaders({ ...h, "content-length": "12" });
    expect(head).toMatchObject({ service: "pkg.S", method: "M", timeoutMs: 100, textResponse: true });
    expect([...head.metadata]).toEqual([["x-a", "1"]]);
    const g = grpcWebRequestToGrpc({ ...h, "content-length": "12" });
    expect(g["content-type"]).toBe("application/grpc+proto");
    expect(g.te).toBe("trailers");
    expect(g["content-length"]).toBeUndefined();
    expect(g["grpc-accept-encoding"]).toBe("identity");
    const bad = (() => {
      try {
        parseGrpcWebRequestHeaders({ ":method": "POST", ":path": "/a/b", "content-type": "text/plain" });
      } catch (e) {
        return e as StatusError;
      }
      return undefined;
    })();
    expect(bad?.httpStatus).toBe(415);
  });

  it("rewrites gRPC response headers and resolves the final status", () => {
    const r = grpcResponseHeadersToGrpcWeb(
      { ":status": "200", "content-type": "application/grpc+json", "content-length": "9" },
      false,
    );
    expect(r["content-type"]).toBe("application/grpc-web+json");
    expect(r["content-length"]).toBeUndefined();
    const head = parseGrpcWebResponseHeaders({ ":status": "200", "content-type": "application/grpc-web+proto" });
    expect(resolveGrpcWebStatus(head, Metadata.from({ "grpc-status": "5" }), 1).code).toBe(5);
    expect(resolveGrpcWebStatus(head, undefined, 1).code).toBe(Code.INTERNAL);
    const only = parseGrpcWebResponseHeaders({ ":status": "200", "grpc-status": "16" });
    expect(resolveGrpcWebStatus(only, undefined, 0).code).toBe(16);
    expect(() => parseGrpcWebResponseHeaders({ ":status": "401" })).toThrow(/UNAUTHENTICATED/);
  });
});
