import { percentDecode, percentEncode } from "@tribridge/core";
import { parseAcceptEncoding } from "./compression.js";
import { GRPC_PROTO_CONTENT_TYPE, grpcCodecOf } from "./content-type.js";
import { codeFromHttpStatus } from "./http-status.js";
import { type HeaderInput, type HeaderRecord, isReservedHeader, Metadata, validateCustomMetadata } from "./metadata.js";
import { Code, type Status, StatusError } from "./status.js";
import { decodeStatusDetailsBin, encodeStatusDetailsBin } from "./status-details.js";
import { formatGrpcTimeoutMillis, parseGrpcTimeoutMillis } from "./timeout.js";

// gRPC over HTTP/2 header blocks (grpc/doc/PROTOCOL-HTTP2.md): what a client sends, what
// a server answers before the messages, the trailers after them, and Trailers-Only.

export interface RequestHeadersInit {
  /** `/package.Service/Method`, or give `service` and `method`. */
  readonly path?: string;
  readonly service?: string;
  readonly method?: string;
  /** Default `application/grpc+proto`. */
  readonly contentType?: string;
  /** Deadline as a relative timeout in milliseconds; omitted = infinite. */
  readonly timeoutMs?: number;
  /** Message coding used for requests; omitted or `identity` sends no header. */
  readonly encoding?: string;
  /** Codings accepted for responses. */
  readonly acceptEncoding?: readonly string[];
  readonly userAgent?: string;
  /** Custom metadata; validated (names, ASCII values). */
  readonly metadata?: Metadata | HeaderInput;
  /** Extra headers that skip validation (e.g. Triple's own `tri-*` headers). */
  readonly extra?: HeaderRecord;
}

/**
 * Request headers in send order: pseudo-headers, then `grpc-timeout` right after them as
 * the spec asks, then the call definition, then metadata. The transport adds `:scheme` and
 * `:authority`.
 */
export function buildRequestHeaders(init: RequestHeadersInit): HeaderRecord {
  const h = Object.create(null) as HeaderRecord;
  h[":method"] = "POST";
  h[":path"] = init.path ?? `/${init.service ?? ""}/${init.method ?? ""}`;
  if (init.timeoutMs !== undefined) h["grpc-timeout"] = formatGrpcTimeoutMillis(init.timeoutMs);
  h["content-type"] = init.contentType ?? GRPC_PROTO_CONTENT_TYPE;
  h.te = "trailers";
  if (init.encoding !== undefined && init.encoding !== "identity") h["grpc-encoding"] = init.encoding;
  if (init.acceptEncoding !== undefined && init.acceptEncoding.length > 0) {
    h["grpc-accept-encoding"] = init.acceptEncoding.join(",");
  }
  if (init.userAgent !== undefined) h["user-agent"] = init.userAgent;
  if (init.extra !== undefined) Object.assign(h, init.extra);
  if (init.metadata !== undefined) {
    const m = Metadata.from(init.metadata);
    validateCustomMetadata(m);
    m.toRecord(h);
  }
  return h;
}

export interface RequestHead {
  readonly path: string;
  readonly service: string;
  readonly method: string;
  readonly contentType: string;
  /** `proto`, `json`, `wrapper`... from the content type. */
  readonly codec: string;
  /** Relative timeout in milliseconds, or undefined for none. */
  readonly timeoutMs: number | undefined;
  /** `grpc-encoding`, `identity` when absent. */
  readonly encoding: string;
  readonly acceptEncoding: readonly string[];
  readonly userAgent: string | undefined;
  /** Custom metadata only (reserved headers removed). */
  readonly metadata: Metadata;
  /** Every header as received, for protocol extensions such as Triple's. */
  readonly headers: Metadata;
}

/**
 * Validates and reads a server's view of request headers. Throws StatusError: wrong method
 * (HTTP 405), content type not `application/grpc*` (HTTP 415), a path that is not
 * `/service/method` (UNIMPLEMENTED), a malformed `grpc-timeout` (INVALID_ARGUMENT).
 */
export function parseRequestHeaders(input: HeaderInput | Metadata): RequestHead {
  const headers = Metadata.from(input);
  const method = headers.get(":method");
  if (method !== undefined && method !== "POST") {
    throw new StatusError(Code.UNIMPLEMENTED, `method ${method} not allowed, gRPC uses POST`, { httpStatus: 405 });
  }
  const contentType = headers.get("content-type") ?? "";
  const codec = grpcCodecOf(contentType);
  if (codec === undefined) {
    throw new StatusError(Code.INTERNAL, `unsupported content-type ${JSON.stringify(contentType)}`, {
      httpStatus: 415,
    });
  }
  const path = headers.get(":path") ?? "";
  const { service, method: rpcMethod } = splitPath(path);
  let timeoutMs: number | undefined;
  const timeout = headers.get("grpc-timeout");
  if (timeout !== undefined) {
    try {
      timeoutMs = parseGrpcTimeoutMillis(timeout);
    } catch (cause) {
      throw new StatusError(Code.INVALID_ARGUMENT, `malformed grpc-timeout ${JSON.stringify(timeout)}`, { cause });
    }
  }
  const accept = headers.get("grpc-accept-encoding");
  return {
    path,
    service,
    method: rpcMethod,
    contentType,
    codec,
    timeoutMs,
    encoding: headers.get("grpc-encoding")?.trim().toLowerCase() || "identity",
    acceptEncoding: accept === undefined ? [] : parseAcceptEncoding(accept),
    userAgent: headers.get("user-agent"),
    metadata: headers.filter((k) => !isReservedHeader(k)),
    headers,
  };
}

/** `/pkg.Service/Method` (query string ignored) into its parts; UNIMPLEMENTED when it has another shape. */
export function splitPath(path: string): { service: string; method: string } {
  const q = path.indexOf("?");
  const p = q < 0 ? path : path.slice(0, q);
  const slash = p.lastIndexOf("/");
  if (!p.startsWith("/") || slash <= 1 || slash === p.length - 1) {
    throw new StatusError(Code.UNIMPLEMENTED, `path ${JSON.stringify(path)} is not /service/method`);
  }
  return { service: p.slice(1, slash), method: p.slice(slash + 1) };
}

export interface ResponseHeadersInit {
  readonly contentType?: string;
  /** Coding of response messages; omitted or `identity` sends no header. */
  readonly encoding?: string;
  /** Our supported codings, e.g. from CompressionRegistry.acceptEncoding(). */
  readonly acceptEncoding?: string;
  readonly metadata?: Metadata | HeaderInput;
}

/** Response headers of a normal (non-Trailers-Only) response. */
export function buildResponseHeaders(init: ResponseHeadersInit = {}): HeaderRecord {
  const h = Object.create(null) as HeaderRecord;
  h[":status"] = "200";
  h["content-type"] = init.contentType ?? GRPC_PROTO_CONTENT_TYPE;
  if (init.encoding !== undefined && init.encoding !== "identity") h["grpc-encoding"] = init.encoding;
  if (init.acceptEncoding !== undefined) h["grpc-accept-encoding"] = init.acceptEncoding;
  if (init.metadata !== undefined) {
    const m = Metadata.from(init.metadata);
    validateCustomMetadata(m);
    m.toRecord(h);
  }
  return h;
}

/**
 * Trailers: `grpc-status` always (even OK), `grpc-message` percent-encoded when non-empty,
 * `grpc-status-details-bin` when the status has details.
 */
export function buildTrailers(s: Status, metadata?: Metadata | HeaderInput, into?: HeaderRecord): HeaderRecord {
  const h = into ?? (Object.create(null) as HeaderRecord);
  h["grpc-status"] = String(s.code);
  if (s.message !== "") h["grpc-message"] = percentEncode(s.message);
  if (s.details.length > 0) h["grpc-status-details-bin"] = encodeStatusDetailsBin(s);
  if (metadata !== undefined) {
    const m = Metadata.from(metadata);
    validateCustomMetadata(m);
    m.toRecord(h);
  }
  return h;
}

/**
 * A Trailers-Only response: one HEADERS frame with END_STREAM holding `:status 200`, the
 * content type, the status and metadata. For calls that fail before any message.
 */
export function buildTrailersOnly(s: Status, init: ResponseHeadersInit = {}): HeaderRecord {
  const h = Object.create(null) as HeaderRecord;
  h[":status"] = "200";
  h["content-type"] = init.contentType ?? GRPC_PROTO_CONTENT_TYPE;
  if (init.acceptEncoding !== undefined) h["grpc-accept-encoding"] = init.acceptEncoding;
  return buildTrailers(s, init.metadata, h);
}

/**
 * The status a trailer block carries. A missing `grpc-status` is UNKNOWN; an unparsable one
 * too. `grpc-status-details-bin`, when it parses, supplies the details (and the code and
 * message if the plain headers lack them); a broken one is ignored rather than hiding the
 * real status.
 */
export function statusFromTrailers(input: HeaderInput | Metadata): Status {
  const t = input instanceof Metadata ? input : Metadata.from(input);
  const raw = t.get("grpc-status");
  const message = percentDecode(t.get("grpc-message") ?? "");
  let details: Status | undefined;
  const bin = t.get("grpc-status-details-bin");
  if (bin !== undefined) {
    try {
      details = decodeStatusDetailsBin(bin);
    } catch {
      details = undefined;
    }
  }
  if (raw === undefined) {
    if (details !== undefined) return details;
    return { code: Code.UNKNOWN, message: "missing grpc-status", details: [] };
  }
  const code = /^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(code)) {
    return { code: Code.UNKNOWN, message: `invalid grpc-status ${JSON.stringify(raw)}: ${message}`, details: [] };
  }
  return {
    code,
    message: message === "" && details !== undefined ? details.message : message,
    details: details?.details ?? [],
  };
}

export interface ResponseHead {
  readonly httpStatus: number;
  readonly contentType: string;
  readonly codec: string;
  readonly encoding: string;
  readonly acceptEncoding: readonly string[];
  readonly metadata: Metadata;
  readonly headers: Metadata;
  /** Set when the headers carry `grpc-status`: a Trailers-Only response (if no body follows). */
  readonly trailersOnly: Status | undefined;
}

/**
 * A client's check of response headers. Non-200 without `grpc-status` throws a StatusError
 * with the code mapped from the HTTP status; a non-gRPC content type throws UNKNOWN.
 */
export function parseResponseHeaders(input: HeaderInput | Metadata): ResponseHead {
  const headers = input instanceof Metadata ? input : Metadata.from(input);
  const httpStatus = Number(headers.get(":status") ?? "200");
  const hasStatus = headers.has("grpc-status");
  if (httpStatus !== 200 && !hasStatus) {
    throw new StatusError(codeFromHttpStatus(httpStatus), `HTTP status ${httpStatus} without grpc-status`);
  }
  const contentType = headers.get("content-type") ?? "";
  const codec = grpcCodecOf(contentType);
  if (codec === undefined && !(hasStatus && contentType === "")) {
    throw new StatusError(Code.UNKNOWN, `unexpected content-type ${JSON.stringify(contentType)}`);
  }
  const accept = headers.get("grpc-accept-encoding");
  return {
    httpStatus,
    contentType,
    codec: codec ?? "proto",
    encoding: headers.get("grpc-encoding")?.trim().toLowerCase() || "identity",
    acceptEncoding: accept === undefined ? [] : parseAcceptEncoding(accept),
    metadata: headers.filter((k) => !isReservedHeader(k)),
    headers,
    trailersOnly: hasStatus ? statusFromTrailers(headers) : undefined,
  };
}

/**
 * The final status of a call as a client sees it. Trailers win over a status in the
 * headers; a status in the headers counts only if no message arrived (otherwise the
 * trailers are "entirely missing": INTERNAL, as the Connect conformance suite expects).
 */
export function resolveResponseStatus(
  head: ResponseHead,
  trailers: HeaderInput | Metadata | undefined,
  messagesReceived: number,
): Status {
  if (trailers !== undefined) {
    const t = trailers instanceof Metadata ? trailers : Metadata.from(trailers);
    if (t.size > 0 || head.trailersOnly === undefined) return statusFromTrailers(t);
  }
  if (head.trailersOnly !== undefined && messagesReceived === 0) return head.trailersOnly;
  return { code: Code.INTERNAL, message: "response ended without trailers", details: [] };
}
