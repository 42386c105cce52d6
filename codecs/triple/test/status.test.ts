import {
  buildTrailers,
  buildTrailersOnly,
  Code,
  codeFromHttpStatus,
  codeFromName,
  codeName,
  connectCodeName,
  decodeStatusDetailsBin,
  decodeStatusProto,
  encodeStatusDetailsBin,
  encodeStatusProto,
  httpStatusFromCode,
  Metadata,
  parseResponseHeaders,
  resolveResponseStatus,
  type StatusError,
  statusFromTrailers,
} from "@tribridge/triple";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("status codes", () => {
  it("names codes both ways", () => {
    expect(codeName(5)).toBe("NOT_FOUND");
    expect(codeName(42)).toBe("CODE_42");
    expect(connectCodeName(1)).toBe("canceled");
    expect(connectCodeName(3)).toBe("invalid_argument");
    expect(codeFromName("canceled")).toBe(Code.CANCELLED);
    expect(codeFromName("UNAUTHENTICATED")).toBe(16);
    expect(codeFromName("nope")).toBeUndefined();
  });

  it("maps HTTP statuses of non-gRPC responses", () => {
    const table: [number, number][] = [
      [400, Code.INTERNAL],
      [401, Code.UNAUTHENTICATED],
      [403, Code.PERMISSION_DENIED],
      [404, Code.UNIMPLEMENTED],
      [429, Code.UNAVAILABLE],
      [431, Code.UNKNOWN],
      [502, Code.UNAVAILABLE],
      [503, Code.UNAVAILABLE],
      [504, Code.UNAVAILABLE],
      [200, Code.UNKNOWN],
      [505, Code.UNKNOWN],
      [101, Code.INTERNAL],
    ];
    for (const [http, code] of table) expect(codeFromHttpStatus(http), String(http)).toBe(code);
    expect(httpStatusFromCode(Code.CANCELLED)).toBe(499);
    expect(httpStatusFromCode(Code.DEADLINE_EXCEEDED)).toBe(504);
    expect(httpStatusFromCode(Code.UNIMPLEMENTED)).toBe(501);
    expect(httpStatusFromCode(99)).toBe(500);
  });
});

describe("google.rpc.Status", () => {
  it("encodes the known bytes", () => {
    // code=5, message="x", details=[Any{type_url:"t", value:[1]}]
    const bytes = encodeStatusProto({ code: 5, message: "x", details: [{ typeUrl: "t", value: Uint8Array.of(1) }] });
    expect([...bytes]).toEqual([0x08, 5, 0x12, 1, 0x78, 0x1a, 6, 0x0a, 1, 0x74, 0x12, 1, 1]);
    expect(decodeStatusProto(bytes)).toEqual({
      code: 5,
      message: "x",
      details: [{ typeUrl: "t", value: Uint8Array.of(1) }],
    });
  });

  it("round-trips through grpc-status-details-bin, unpadded out, padded accepted", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.string({ unit: "grapheme", maxLength: 20 }),
        fc.array(fc.record({ typeUrl: fc.string({ maxLength: 20 }), value: fc.uint8Array({ maxLength: 20 }) }), {
          maxLength: 3,
        }),
        (code, message, details) => {
          const s = { code, message, details };
          const bin = encodeStatusDetailsBin(s);
          expect(bin).not.toContain("=");
          const padded = bin + "=".repeat((4 - (bin.length % 4)) % 4);
          expect(decodeStatusDetailsBin(bin)).toEqual(s);
          expect(decodeStatusDetailsBin(padded)).toEqual(s);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("skips unknown fields", () => {
    // field 4 varint 7, then code=3
    expect(decodeStatusProto(Uint8Array.of(0x20, 7, 0x08, 3)).code).toBe(3);
  });
});

describe("trailers", () => {
  it("always sends grpc-status, percent-encodes the message, adds details only when present", () => {
    const ok = buildTrailers({ code: 0, message: "", details: [] });
    expect({ ...ok }).toEqual({ "grpc-status": "0" });
    const t = buildTrailers(
      { code: 3, message: "bad ☺ 100%", details: [{ typeUrl: "type.googleapis.com/x", value: Uint8Array.of(1) }] },
      { "x-extra": "1" },
    );
    expect(t["grpc-message"]).toBe("bad %E2%98%BA 100%25");
    const parsed = statusFromTrailers(t);
    expect(parsed.code).toBe(3);
    expect(parsed.message).toBe("bad ☺ 100%");
    expect(parsed.details[0]?.typeUrl).toBe("type.googleapis.com/x");
  });

  it("reads missing, garbage and detail-only statuses", () => {
    expect(statusFromTrailers({}).code).toBe(Code.UNKNOWN);
    expect(statusFromTrailers({ "grpc-status": "abc" }).code).toBe(Code.UNKNOWN);
    expect(statusFromTrailers({ "grpc-status": "7", "grpc-status-details-bin": "!!!" })).toEqual({
      code: 7,
      message: "",
      details: [],
    });
    const bin = encodeStatusDetailsBin({ code: 9, message: "from details", details: [] });
    expect(statusFromTrailers({ "grpc-status-details-bin": bin }).code).toBe(9);
    expect(statusFromTrailers({ "Grpc-Status": "4", "grpc-message": "%zz" })).toEqual({
      code: 4,
      message: "%zz",
      details: [],
    });
  });

  it("builds a Trailers-Only response", () => {
    const h = buildTrailersOnly({ code: Code.NOT_FOUND, message: "no", details: [] });
    expect(h[":status"]).toBe("200");
    expect(h["content-type"]).toBe("application/grpc+proto");
    expect(h["grpc-status"]).toBe("5");
  });
});

describe("client-side status resolution", () => {
  const ok200 = { ":status": "200", "content-type": "application/grpc" };

  it("uses trailers", () => {
    const head = parseResponseHeaders(ok200);
    expect(resolveResponseStatus(head, { "grpc-status": "0" }, 1).code).toBe(0);
    expect(resolveResponseStatus(head, { "x-a": "1" }, 1).code).toBe(Code.UNKNOWN);
    expect(resolveResponseStatus(head, undefined, 1).code).toBe(Code.INTERNAL);
  });

  it("handles Trailers-Only, and a body after it as missing trailers", () => {
    const head = parseResponseHeaders({ ...ok200, "grpc-status": "8", "grpc-message": "full" });
    expect(resolveResponseStatus(head, undefined, 0)).toEqual({ code: 8, message: "full", details: [] });
    expect(resolveResponseStatus(head, undefined, 1).code).toBe(Code.INTERNAL);
    expect(resolveResponseStatus(head, new Metadata().append("grpc-status", "9"), 0).code).toBe(9);
  });

  it("turns non-200 and non-gRPC content types into StatusErrors", () => {
    const fails = (h: Record<string, string>) => {
      try {
        parseResponseHeaders(h);
      } catch (e) {
        return (e as StatusError).code;
      }
      return -1;
    };
    expect(fails({ ":status": "503" })).toBe(Code.UNAVAILABLE);
    expect(fails({ ":status": "404", "content-type": "text/html" })).toBe(Code.UNIMPLEMENTED);
    expect(fails({ ":status": "200", "content-type": "text/html" })).toBe(Code.UNKNOWN);
    expect(fails({ ":status": "500", "content-type": "application/grpc", "grpc-status": "3" })).toBe(-1);
  });
});
