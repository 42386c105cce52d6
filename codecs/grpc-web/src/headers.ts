import {
  Code,
  codeFromHttpStatus,
  formatGrpcTimeoutMillis,
  grpcContentType,
  type HeaderInput,
  type HeaderRecord,
  isReservedHeader,
  Metadata,
  parseGrpcTimeoutMillis,
  type Status,
  StatusError,
  splitPath,
  statusFromTrailers,
} from "@tribridge/triple";
import { type GrpcWebContentType, grpcWebContentType, parseGrpcWebContentType } from "./content-type.js";

// Header blocks of gRPC-Web calls, and the rewrites a gateway does between gRPC-Web and
// gRPC (what Envoy's grpc_web filter does: content type, `te`, content-length).

export interface GrpcWebRequestInit {
  readonly path: string;
  readonly text?: boolean;
  readonly codec?: string;
  readonly timeoutMs?: number;
  readonly metadata?: Metadata | HeaderInput;
}

/** Request headers as grpc-web JS sends them (`x-grpc-web: 1`, `accept` = content type). */
export function buildGrpcWebRequestHeaders(init: GrpcWebRequestInit): HeaderRecord {
  const h = Object.create(null) as HeaderRecord;
  const ct = grpcWebContentType(init.text === true, init.codec);
  h[":method"] = "POST";
  h[":path"] = init.path;
  h["content-type"] = ct;
  h.accept = ct;
  h["x-grpc-web"] = "1";
  if (init.timeoutMs !== undefined) h["grpc-timeout"] = formatGrpcTimeoutMillis(init.timeoutMs);
  if (init.metadata !== undefined) Metadata.from(init.metadata).toRecord(h);
  return h;
}

export interface GrpcWebRequestHead {
  readonly service: string;
  readonly method: string;
  readonly contentType: GrpcWebContentType;
  readonly timeoutMs: number | undefined;
  /** Respond in text mode (request was text, or `accept` asks for text). */
  readonly textResponse: boolean;
  readonly metadata: Metadata;
  readonly headers: Metadata;
}

/** A server's check of gRPC-Web request headers; throws StatusError with 405/415 like the gRPC one. */
export function parseGrpcWebRequestHeaders(input: HeaderInput | Metadata): GrpcWebRequestHead {
  const headers = input instanceof Metadata ? input : Metadata.from(input);
  const method = headers.get(":method");
  if (method !== undefined && method !== "POST") {
    throw new StatusError(Code.UNIMPLEMENTED, `method ${method} not allowed, gRPC-Web uses POST`, { httpStatus: 405 });
  }
  const raw = headers.get("content-type");
  const contentType = parseGrpcWebContentType(raw);
  if (contentType === undefined) {
    throw new StatusError(Code.INTERNAL, `unsupported content-type ${JSON.stringify(raw ?? "")}`, { httpStatus: 415 });
  }
  const { service, method: rpcMethod } = splitPath(headers.get(":path") ?? "");
  const timeout = headers.get("grpc-timeout");
  let timeoutMs: number | undefined;
  if (timeout !== undefined) {
    try {
      timeoutMs = parseGrpcTimeoutMillis(timeout);
    } catch (cause) {
      throw new StatusError(Code.INVALID_ARGUMENT, `malformed grpc-timeout ${JSON.stringify(timeout)}`, { cause });
    }
  }
  const accept = headers.get("accept");
  return {
    service,
    method: rpcMethod,
    contentType,
    timeoutMs,
    textResponse: contentType.text || (accept !== undefined && parseGrpcWebContentType(accept)?.text === true),
    metadata: headers.filter((k) => !isReservedHeader(k) && !WEB_ONLY.has(k)),
    headers,
  };
}

const WEB_ONLY = new Set(["x-grpc-web", "x-user-agent", "accept", "accept-encoding", "origin", "referer"]);

/**
 * Rewrites gRPC-Web request headers into gRPC ones for an HTTP/2 upstream: content type
 * `application/grpc+<codec>`, `te: trailers`, no `content-length` (the body size changes in
 * text mode), `grpc-accept-encoding: identity` when absent (browsers cannot decompress
 * per-message coding).
 */
export function grpcWebRequestToGrpc(input: HeaderInput | Metadata): HeaderRecord {
  const headers = input instanceof Metadata ? input : Metadata.from(input);
  const ct = parseGrpcWebContentType(headers.get("content-type"));
  const out = headers.filter((k) => k !== "content-length" && k !== "content-type" && k !== "te" && k !== "accept");
  const h = Object.create(null) as HeaderRecord;
  out.toRecord(h);
  h["content-type"] = grpcContentType(ct?.codec ?? "proto");
  h.te = "trailers";
  if (!headers.has("grpc-accept-encoding")) h["grpc-accept-encoding"] = "identity";
  return h;
}

/** Response headers of a gRPC-Web response (trailers go in the body's trailer frame). */
export function buildGrpcWebResponseHeaders(
  text: boolean,
  codec = "proto",
  metadata?: Metadata | HeaderInput,
): HeaderRecord {
  const h = Object.create(null) as HeaderRecord;
  h[":status"] = "200";
  h["content-type"] = grpcWebContentType(text, codec);
  if (metadata !== undefined) Metadata.from(metadata).toRecord(h);
  return h;
}

/**
 * Rewrites a gRPC upstream's response headers for a gRPC-Web client: same metadata, the
 * gRPC-Web content type, no `content-length`. A Trailers-Only upstream answer keeps its
 * status in the headers, which gRPC-Web allows unchanged.
 */
export function grpcResponseHeadersToGrpcWeb(input: HeaderInput | Metadata, text: boolean): HeaderRecord {
  const headers = input instanceof Metadata ? input : Metadata.from(input);
  const codec = /^application\/grpc\+([a-z0-9._-]+)/i.exec(headers.get("content-type") ?? "")?.[1] ?? "proto";
  const h = Object.create(null) as HeaderRecord;
  headers.filter((k) => k !== "content-length" && k !== "content-type").toRecord(h);
  h["content-type"] = grpcWebContentType(text, codec.toLowerCase());
  return h;
}

export interface GrpcWebResponseHead {
  readonly httpStatus: number;
  readonly contentType: GrpcWebContentType;
  readonly metadata: Metadata;
  /** Status from the headers (Trailers-Only), when present. */
  readonly trailersOnly: Status | undefined;
}

/**
 * A client's check of response headers. Any 2xx is accepted (as grpc-web JS and connect-es
 * do); otherwise, without `grpc-status`, the code comes from the HTTP status. A body that is
 * not gRPC-Web is UNKNOWN.
 */
export function parseGrpcWebResponseHeaders(input: HeaderInput | Metadata): GrpcWebResponseHead {
  const headers = input instanceof Metadata ? input : Metadata.from(input);
  const httpStatus = Number(headers.get(":status") ?? "200");
  const hasStatus = headers.has("grpc-status");
  if ((httpStatus < 200 || httpStatus > 299) && !hasStatus) {
    throw new StatusError(codeFromHttpStatus(httpStatus), `HTTP status ${httpStatus} without grpc-status`);
  }
  const raw = headers.get("content-type");
  const contentType = parseGrpcWebContentType(raw);
  if (contentType === undefined && !hasStatus) {
    throw new StatusError(Code.UNKNOWN, `unexpected content-type ${JSON.stringify(raw ?? "")}`);
  }
  return {
    httpStatus,
    contentType: contentType ?? { text: false, codec: "proto" },
    metadata: headers.filter((k) => !isReservedHeader(k)),
    trailersOnly: hasStatus ? statusFromTrailers(headers) : undefined,
  };
}

/**
 * The call's final status: the trailer frame wins; else the headers' status if no message
 * came; else INTERNAL (trailers missing).
 */
export function resolveGrpcWebStatus(
  head: GrpcWebResponseHead,
  trailers: Metadata | undefined,
  messagesReceived: number,
): Status {
  if (trailers !== undefined) return statusFromTrailers(trailers);
  if (head.trailersOnly !== undefined && messagesReceived === 0) return head.trailersOnly;
  return { code: Code.INTERNAL, message: "response ended without a trailer frame", details: [] };
}
