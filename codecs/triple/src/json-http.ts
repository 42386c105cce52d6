import { DecodeError, decodeUtf8, encodeUtf8 } from "@tribridge/core";
import { TRIPLE_JSON_CONTENT_TYPE } from "./content-type.js";
import { codeFromHttpStatus } from "./http-status.js";
import type { HeaderRecord } from "./metadata.js";
import { isKnownCode } from "./status.js";
import { TriHeader } from "./tri-headers.js";

// The Triple HTTP form of Dubbo 3.3 (HTTP/1.1 or h2, no envelope): `POST /{service}/{method}`
// with a JSON body holding the arguments. Only unary calls; Java also streams server
// responses as SSE, which belongs to the transport.

const PROTOCOL = "triple-http";

export interface TripleHttpPath {
  /** Prefix before the service name, without slashes at the ends ("" when none). */
  readonly contextPath: string;
  /** Java interface name, e.g. `org.example.DemoService`. */
  readonly service: string;
  readonly method: string;
  /** Overload signature after `~` (first letters of parameter simple names), if any. */
  readonly signature: string | undefined;
}

/**
 * The overload selector Dubbo appends after `~`: the first letter of each parameter type's
 * simple name (`java.lang.String, int` → `Si`).
 */
export function methodSignature(paramTypes: readonly string[]): string {
  let sig = "";
  for (const t of paramTypes) {
    const simple = t.slice(t.lastIndexOf(".") + 1);
    sig += simple.charAt(0);
  }
  return sig;
}

export interface TripleHttpPathInit {
  readonly contextPath?: string;
  readonly service: string;
  readonly method: string;
  /** Parameter types; when given, `~signature` selects the overload. */
  readonly paramTypes?: readonly string[];
}

export function buildTripleHttpPath(init: TripleHttpPathInit): string {
  const ctx = (init.contextPath ?? "").replace(/^\/+|\/+$/g, "");
  const method = init.paramTypes === undefined ? init.method : `${init.method}~${methodSignature(init.paramTypes)}`;
  return `${ctx === "" ? "" : `/${ctx}`}/${init.service}/${method}`;
}

/** Splits a request path (query string ignored): the last two segments are service and method. */
export function parseTripleHttpPath(path: string): TripleHttpPath {
  const q = path.indexOf("?");
  const segments = (q < 0 ? path : path.slice(0, q)).split("/").filter((s) => s !== "");
  if (segments.length < 2) {
    throw new DecodeError(`path ${JSON.stringify(path)} is not /{service}/{method}`, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: 0,
    });
  }
  const last = segments[segments.length - 1] as string;
  const tilde = last.indexOf("~");
  return {
    contextPath: segments.slice(0, -2).join("/"),
    service: segments[segments.length - 2] as string,
    method: tilde < 0 ? last : last.slice(0, tilde),
    signature: tilde < 0 ? undefined : last.slice(tilde + 1),
  };
}

export interface TripleHttpRequestInit {
  readonly group?: string;
  readonly version?: string;
  readonly timeoutMs?: number;
  /** `tri-protocol-version`; default `1.0.0` as dubbo-js sends. Pass null to omit. */
  readonly protocolVersion?: string | null;
  readonly contentType?: string;
}

/** Headers of a Triple HTTP unary request (the transport adds method, path, host, length). */
export function buildTripleHttpHeaders(init: TripleHttpRequestInit = {}): HeaderRecord {
  const h = Object.create(null) as HeaderRecord;
  h["content-type"] = init.contentType ?? TRIPLE_JSON_CONTENT_TYPE;
  if (init.protocolVersion !== null) h[TriHeader.PROTOCOL_VERSION] = init.protocolVersion ?? "1.0.0";
  if (init.group !== undefined && init.group !== "") h[TriHeader.SERVICE_GROUP] = init.group;
  if (init.version !== undefined) h[TriHeader.SERVICE_VERSION] = init.version;
  if (init.timeoutMs !== undefined) h[TriHeader.SERVICE_TIMEOUT] = String(Math.max(0, Math.ceil(init.timeoutMs)));
  return h;
}

/** The request body: the arguments as an ordered JSON array (the spec's form, always accepted). */
export function encodeTripleJsonArgs(args: readonly unknown[]): Uint8Array {
  return encodeUtf8(JSON.stringify(args));
}

function parseJson(body: Uint8Array): unknown {
  let text: string;
  try {
    text = decodeUtf8(body);
  } catch (cause) {
    throw new DecodeError("body is not UTF-8", { protocol: PROTOCOL, reason: "bad-utf8", offset: 0, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new DecodeError("body is not JSON", { protocol: PROTOCOL, reason: "malformed", offset: 0, cause });
  }
}

/**
 * The arguments of a JSON request body, as Dubbo 3.3's fallback resolver maps them: one
 * parameter takes the whole body; with N parameters a JSON array of length N is
 * positional and a JSON object is matched by parameter name (missing names give undefined,
 * Java's null). `paramNames` are needed only for the object form. An empty body with no
 * parameters is fine.
 */
export function decodeTripleJsonArgs(body: Uint8Array, paramCount: number, paramNames?: readonly string[]): unknown[] {
  if (body.length === 0) {
    if (paramCount === 0) return [];
    throw new DecodeError(`empty body for ${paramCount} parameter(s)`, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: 0,
    });
  }
  const value = parseJson(body);
  if (paramCount === 0) return [];
  if (paramCount === 1) {
    // A one-element array is the spec's form; Java would read it as the whole value only for
    // array/collection parameters, which the caller must signal by wrapping once more.
    return Array.isArray(value) && value.length === 1 ? [value[0]] : [value];
  }
  if (Array.isArray(value)) {
    if (value.length !== paramCount) {
      throw new DecodeError(`body has ${value.length} argument(s), method takes ${paramCount}`, {
        protocol: PROTOCOL,
        reason: "malformed",
        offset: 0,
      });
    }
    return value;
  }
  if (typeof value === "object" && value !== null && paramNames !== undefined) {
    const obj = value as Record<string, unknown>;
    return paramNames.map((n) => (Object.hasOwn(obj, n) ? obj[n] : undefined));
  }
  throw new DecodeError(`body must be a JSON array of ${paramCount} arguments`, {
    protocol: PROTOCOL,
    reason: "malformed",
    offset: 0,
  });
}

/** A successful response body: the return value as JSON. */
export function encodeTripleJsonResult(value: unknown): Uint8Array {
  return encodeUtf8(JSON.stringify(value ?? null));
}

export function decodeTripleJsonResult(body: Uint8Array): unknown {
  return body.length === 0 ? null : parseJson(body);
}

export interface TripleHttpError {
  readonly httpStatus: number;
  /** The gRPC code the error stands for. */
  readonly code: number;
  readonly message: string;
  /** Which of the three error-body shapes was seen. */
  readonly shape: "java" | "dubbo-js" | "legacy" | "none";
}

// Dubbo legacy response status (20..90) → HTTP status, per the Triple spec doc's table.
const LEGACY_HTTP: Readonly<Record<number, number>> = {
  20: 200,
  25: 400,
  30: 408,
  31: 408,
  35: 500,
  40: 400,
  50: 500,
  60: 404,
  70: 500,
  80: 500,
  90: 500,
};

/**
 * Reads an error response of the HTTP form. Three incompatible bodies exist: Dubbo Java
 * 3.3 sends `{"status":"500","message":...}` (HTTP status as a string), dubbo-js sends a
 * numeric gRPC code 0..16, the spec doc a numeric Dubbo legacy status 20..90. Anything
 * unreadable falls back to the HTTP status. Never throws.
 */
export function parseTripleHttpError(httpStatus: number, body: Uint8Array): TripleHttpError {
  let value: unknown;
  try {
    value = body.length === 0 ? undefined : parseJson(body);
  } catch {
    value = undefined;
  }
  const fallback = { httpStatus, code: codeFromHttpStatus(httpStatus), message: `HTTP ${httpStatus}` };
  if (typeof value !== "object" || value === null) return { ...fallback, shape: "none" };
  const obj = value as { status?: unknown; message?: unknown };
  const message = typeof obj.message === "string" ? obj.message : fallback.message;
  if (typeof obj.status === "string" && /^\d{3}$/.test(obj.status)) {
    return { httpStatus, code: codeFromHttpStatus(Number(obj.status)), message, shape: "java" };
  }
  if (typeof obj.status === "number" && isKnownCode(obj.status)) {
    return { httpStatus, code: obj.status, message, shape: "dubbo-js" };
  }
  if (typeof obj.status === "number" && LEGACY_HTTP[obj.status] !== undefined) {
    return { httpStatus, code: codeFromHttpStatus(LEGACY_HTTP[obj.status] as number), message, shape: "legacy" };
  }
  return { ...fallback, message, shape: "none" };
}

/** An error body in Dubbo Java 3.3's shape (the one Java clients and the REST path expect). */
export function encodeTripleHttpError(httpStatus: number, message: string): Uint8Array {
  return encodeUtf8(JSON.stringify({ status: String(httpStatus), message }));
}
