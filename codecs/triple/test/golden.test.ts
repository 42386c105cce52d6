import { readFileSync } from "node:fs";
import {
  decodeEnvelopes,
  decodeRequestWrapper,
  decodeResponseWrapper,
  encodeEnvelope,
  encodeRequestWrapper,
  encodeResponseWrapper,
  formatGrpcTimeoutMillis,
  Metadata,
  parseRequestHeaders,
  parseResponseHeaders,
  parseTripleRequestHeaders,
  resolveResponseStatus,
  TRI_BIZ_EXCEPTION,
  tripleExceptionCode,
} from "@tribridge/triple";
import { describe, expect, it } from "vitest";

// Requests captured from Dubbo Java 3.3.6 (see fixtures/README.md).
interface Captured {
  readonly headers: Record<string, string>;
  readonly body: string;
}
const doc = JSON.parse(readFileSync(new URL("./fixtures/dubbo-3.3.6-requests.json", import.meta.url), "utf8")) as {
  requests: Captured[];
};
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const wrapped = doc.requests.filter((r) => r.headers[":path"]?.startsWith("/com.example.interop.EchoService/"));

describe("Dubbo 3.3.6 Triple requests (golden)", () => {
  it("has the captured calls", () => {
    expect(wrapped.length).toBeGreaterThan(15);
  });

  it("frames each unary request as exactly one uncompressed message", () => {
    for (const r of doc.requests) {
      const msgs = decodeEnvelopes(hex(r.body));
      expect(msgs.length, r.headers[":path"]).toBe(1);
      expect(msgs[0]?.flags).toBe(0);
    }
  });

  it("decodes every request wrapper and re-encodes it byte for byte", () => {
    for (const r of wrapped) {
      const body = hex(r.body);
      const payload = decodeEnvelopes(body)[0]!.data;
      const w = decodeRequestWrapper(payload);
      expect(w.serializeType).toBe("hessian4");
      expect(w.args.length).toBe(w.argTypes.length);
      expect(encodeEnvelope(0, encodeRequestWrapper(w))).toEqual(body);
    }
    const overload = wrapped.find((r) => decodeRequestWrapper(decodeEnvelopes(hex(r.body))[0]!.data).args.length === 2);
    expect(decodeRequestWrapper(decodeEnvelopes(hex(overload!.body))[0]!.data).argTypes).toEqual([
      "java.lang.String",
      "java.lang.String",
    ]);
  });

  it("reads Java's headers, and formats timeouts the way Java does", () => {
    for (const r of doc.requests) {
      const head = parseRequestHeaders(r.headers);
      expect(head.codec).toBe("proto");
      const tri = parseTripleRequestHeaders(head.metadata);
      // The protobuf Greeter service is registered without a version.
      expect(tri.version).toBe(r.headers[":path"]?.startsWith("/tribridge.") ? undefined : "1.0.0");
      expect(tri.consumerAppName).toBe("tribridge-dubbo-peer-consumer");
      const timeout = r.headers.timeout;
      if (timeout !== undefined) expect(formatGrpcTimeoutMillis(Number(timeout))).toBe(r.headers["grpc-timeout"]);
    }
    expect(
      doc.requests.some((r) => parseTripleRequestHeaders(parseRequestHeaders(r.headers).metadata).group === "g1"),
    ).toBe(true);
  });
});

describe("Dubbo 3.3.6 Triple responses (golden)", () => {
  interface Response {
    readonly request: number;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly trailers: Record<string, string>;
    readonly body: string;
  }
  const responses = (
    JSON.parse(readFileSync(new URL("./fixtures/dubbo-3.3.6-responses.json", import.meta.url), "utf8")) as {
      responses: Response[];
    }
  ).responses;
  const echo = responses.filter((r) => r.path.startsWith("/com.example.interop.EchoService/"));

  it("parses Java's response headers and trailers", () => {
    for (const r of responses) {
      const head = parseResponseHeaders(r.headers);
      expect(head.codec).toBe("proto");
      expect(head.trailersOnly).toBeUndefined();
      const messages = decodeEnvelopes(hex(r.body), { maxMessageBytes: 1 << 20 });
      expect(resolveResponseStatus(head, r.trailers, messages.length).code).toBe(0);
    }
  });

  it("re-encodes every response wrapper byte for byte", () => {
    for (const r of echo) {
      const body = hex(r.body);
      const w = decodeResponseWrapper(decodeEnvelopes(body, { maxMessageBytes: 1 << 20 })[0]!.data);
      expect(w.serializeType).toBe("hessian4");
      expect(encodeEnvelope(0, encodeResponseWrapper(w))).toEqual(body);
    }
  });

  it("flags business exceptions with tri-exception-code and grpc-status 0", () => {
    const fail = echo.find((r) => r.path.endsWith("/fail"))!;
    expect(tripleExceptionCode(Metadata.from(fail.headers))).toBe(TRI_BIZ_EXCEPTION);
    expect(fail.trailers["grpc-status"]).toBe("0");
    const w = decodeResponseWrapper(decodeEnvelopes(hex(fail.body), { maxMessageBytes: 1 << 20 })[0]!.data);
    expect(w.type).toBe("java.lang.String");
    expect(new TextDecoder("latin1").decode(w.data!.subarray(0, 40))).toContain("com.example.interop.BizException");
    const ok = echo.find((r) => r.path.endsWith("/echoInt"))!;
    expect(tripleExceptionCode(Metadata.from(ok.headers))).toBe(0);
  });
});
