import { Code, codeName, httpStatusFromCode } from "@tribridge/triple";

/**
 * One error model for every hop: a Dubbo status byte or Java exception, a Bolt response
 * status, a tribridge RpcError code or a gRPC status all become a gRPC code, and the gRPC
 * code becomes the HTTP status through the google.rpc table that Envoy's transcoder,
 * grpc-gateway and Dubbo's TriRpcStatus share (`httpStatusFromCode` of the triple codec).
 * The JSON body is `google.rpc.Status`: `{code, message, details}`. The table with the
 * reasons is in docs/transcode.md; the maps below are that table.
 */

export interface HttpError {
  /** HTTP status. */
  readonly status: number;
  /** gRPC code. */
  readonly code: number;
  /** `google.rpc.Status` JSON. An empty `message` and empty `details` are left out, as Envoy's printer does. */
  readonly body: { code: number; message?: string; details?: unknown[] };
}

/** Dubbo 2 response status bytes (Dubbo's Response class). */
export const DUBBO_STATUS_CODES: ReadonlyMap<number, Code> = new Map<number, Code>([
  [20, Code.OK],
  [25, Code.INTERNAL], // SERIALIZATION_ERROR: the response could not be written
  [30, Code.DEADLINE_EXCEEDED], // CLIENT_TIMEOUT
  [31, Code.DEADLINE_EXCEEDED], // SERVER_TIMEOUT
  [35, Code.UNAVAILABLE], // CHANNEL_INACTIVE
  [40, Code.INVALID_ARGUMENT], // BAD_REQUEST: the provider could not decode the request (wrong types)
  [50, Code.INTERNAL], // BAD_RESPONSE
  [60, Code.UNIMPLEMENTED], // SERVICE_NOT_FOUND
  [70, Code.UNKNOWN], // SERVICE_ERROR (refined from the message below)
  [80, Code.INTERNAL], // SERVER_ERROR
  [90, Code.INTERNAL], // CLIENT_ERROR
  [100, Code.RESOURCE_EXHAUSTED], // SERVER_THREADPOOL_EXHAUSTED_ERROR
]);

/** SOFA Bolt response status (sofa-bolt ResponseStatus). */
export const BOLT_STATUS_CODES: ReadonlyMap<number, Code> = new Map<number, Code>([
  [0x00, Code.OK], // SUCCESS (a SofaResponse may still carry an error, see boltError)
  [0x01, Code.UNKNOWN], // ERROR
  [0x02, Code.UNKNOWN], // SERVER_EXCEPTION
  [0x03, Code.UNKNOWN], // UNKNOWN
  [0x04, Code.RESOURCE_EXHAUSTED], // SERVER_THREADPOOL_BUSY
  [0x05, Code.UNAVAILABLE], // ERROR_COMM
  [0x06, Code.UNIMPLEMENTED], // NO_PROCESSOR
  [0x07, Code.DEADLINE_EXCEEDED], // TIMEOUT
  [0x08, Code.UNAVAILABLE], // CLIENT_SEND_ERROR
  [0x09, Code.INTERNAL], // CODEC_EXCEPTION
  [0x10, Code.UNAVAILABLE], // CONNECTION_CLOSED
  [0x11, Code.INTERNAL], // SERVER_SERIAL_EXCEPTION
  [0x12, Code.INVALID_ARGUMENT], // SERVER_DESERIAL_EXCEPTION: the request could not be decoded
]);

/** Java exception classes with a meaning of their own; anything else a method throws is UNKNOWN. */
export const JAVA_EXCEPTION_CODES: ReadonlyMap<string, Code> = new Map<string, Code>([
  ["java.lang.IllegalArgumentException", Code.INVALID_ARGUMENT],
  ["java.lang.NumberFormatException", Code.INVALID_ARGUMENT],
  ["javax.validation.ConstraintViolationException", Code.INVALID_ARGUMENT],
  ["jakarta.validation.ConstraintViolationException", Code.INVALID_ARGUMENT],
  ["java.lang.IllegalStateException", Code.FAILED_PRECONDITION],
  ["java.lang.UnsupportedOperationException", Code.UNIMPLEMENTED],
  ["java.util.NoSuchElementException", Code.NOT_FOUND],
  ["java.lang.SecurityException", Code.PERMISSION_DENIED],
  ["java.util.concurrent.TimeoutException", Code.DEADLINE_EXCEEDED],
  ["org.apache.dubbo.remoting.TimeoutException", Code.DEADLINE_EXCEEDED],
  ["com.alipay.sofa.rpc.core.exception.SofaTimeOutException", Code.DEADLINE_EXCEEDED],
  ["java.util.concurrent.RejectedExecutionException", Code.RESOURCE_EXHAUSTED],
]);

/** `org.apache.dubbo.rpc.RpcException.code` values (the constants of that class). */
export const DUBBO_RPC_EXCEPTION_CODES: ReadonlyMap<number, Code> = new Map<number, Code>([
  [0, Code.UNKNOWN], // UNKNOWN_EXCEPTION
  [1, Code.UNAVAILABLE], // NETWORK_EXCEPTION
  [2, Code.DEADLINE_EXCEEDED], // TIMEOUT_EXCEPTION
  [3, Code.UNKNOWN], // BIZ_EXCEPTION
  [4, Code.PERMISSION_DENIED], // FORBIDDEN_EXCEPTION
  [5, Code.INTERNAL], // SERIALIZATION_EXCEPTION
  [6, Code.UNAVAILABLE], // NO_INVOKER_AVAILABLE_AFTER_FILTER
  [7, Code.RESOURCE_EXHAUSTED], // LIMIT_EXCEEDED_EXCEPTION
  [8, Code.DEADLINE_EXCEEDED], // TIMEOUT_TERMINATE
  [9, Code.UNAVAILABLE], // REGISTRY_EXCEPTION
  [10, Code.UNAVAILABLE], // ROUTER_CACHE_NOT_BUILD
  [11, Code.UNIMPLEMENTED], // METHOD_NOT_FOUND
  [12, Code.INVALID_ARGUMENT], // VALIDATION_EXCEPTION
  [13, Code.PERMISSION_DENIED], // AUTHORIZATION_EXCEPTION
]);

/** tribridge RpcError codes (packages/rpc), matched by name so this codec needs no package. */
export const RPC_ERROR_CODES: ReadonlyMap<string, Code> = new Map<string, Code>([
  ["DEADLINE_EXCEEDED", Code.DEADLINE_EXCEEDED],
  ["CANCELLED", Code.CANCELLED],
  ["UNAVAILABLE", Code.UNAVAILABLE],
  ["CONNECTION_CLOSED", Code.UNAVAILABLE],
  ["PROTOCOL_ERROR", Code.INTERNAL],
  ["CLIENT_CLOSED", Code.UNAVAILABLE],
  ["BAD_ARGUMENT", Code.INVALID_ARGUMENT],
]);

// Dubbo answers a missing service or method with SERVICE_ERROR (70) and one of these texts.
const NOT_FOUND_TEXT =
  /Not found exported service|Not found method|not found in service|No such method|Failed to invoke the method .* not found|Service not found|Cannot find invoker/i;

/** The gRPC code of a Dubbo response status byte (with its error text, used to refine 70). */
export function dubboStatusCode(status: number, message = ""): Code {
  const code = DUBBO_STATUS_CODES.get(status) ?? Code.UNKNOWN;
  if (status === 70 && NOT_FOUND_TEXT.test(message)) return Code.UNIMPLEMENTED;
  return code;
}

/** The gRPC code of a Bolt response status (with the SofaResponse errorMsg, used for framework errors). */
export function boltStatusCode(status: number, message = ""): Code {
  const code = BOLT_STATUS_CODES.get(status) ?? Code.UNKNOWN;
  if ((code === Code.OK || code === Code.UNKNOWN) && NOT_FOUND_TEXT.test(message)) return Code.UNIMPLEMENTED;
  return code;
}

/** The gRPC code of an exception a Java method threw. `fields.code` refines Dubbo's RpcException. */
export function javaExceptionCode(javaClass: string, fields: Readonly<Record<string, unknown>> = {}): Code {
  if (javaClass === "org.apache.dubbo.rpc.RpcException" || javaClass === "com.alibaba.dubbo.rpc.RpcException") {
    return DUBBO_RPC_EXCEPTION_CODES.get(Number(fields.code)) ?? Code.UNKNOWN;
  }
  return JAVA_EXCEPTION_CODES.get(javaClass) ?? Code.UNKNOWN;
}

/** google.rpc.ErrorInfo detail naming the Java exception, so callers can tell business errors apart. */
export function errorInfo(reason: string, domain: string, metadata: Readonly<Record<string, unknown>> = {}): unknown {
  const md: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (v === null || v === undefined || typeof v === "object") continue;
    md[k] = String(v);
  }
  return { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain, metadata: md };
}

/** A gRPC status as the HTTP error a transcoder answers with. */
export function httpError(code: number, message: string, details: readonly unknown[] = []): HttpError {
  const body: HttpError["body"] = { code };
  if (message !== "") body.message = message;
  if (details.length > 0) body.details = [...details];
  return { status: httpStatusFromCode(code), code, body };
}

/** What an error from tribridge's RPC clients looks like to this codec (RpcError / RemoteError, structurally). */
export interface RpcErrorLike {
  readonly code: string;
  readonly message: string;
  readonly status?: number | undefined;
  readonly javaClass?: string;
  readonly remoteMessage?: string | null;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * Any failure of a call made for an HTTP request → HttpError. `protocol` says how to read a
 * REMOTE_STATUS's status number. A remote exception gets an ErrorInfo detail with the class.
 */
export function httpErrorFrom(error: unknown, protocol: "dubbo" | "bolt" = "dubbo"): HttpError {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    const e = error as RpcErrorLike;
    if (e.code === "REMOTE_EXCEPTION" && e.javaClass !== undefined) {
      const code = javaExceptionCode(e.javaClass, e.fields);
      const msg = e.remoteMessage ?? e.javaClass;
      return httpError(code, msg, [errorInfo(e.javaClass, protocol, e.fields)]);
    }
    if (e.code === "REMOTE_STATUS" && e.status !== undefined) {
      const code = protocol === "bolt" ? boltStatusCode(e.status, e.message) : dubboStatusCode(e.status, e.message);
      return httpError(code === Code.OK ? Code.UNKNOWN : code, e.message);
    }
    const mapped = RPC_ERROR_CODES.get(e.code);
    if (mapped !== undefined) return httpError(mapped, e.message);
    const named = Object.keys(Code).indexOf(e.code);
    if (named >= 0) return httpError(named, e.message);
  }
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "number") {
    // A gRPC StatusError (triple codec) or anything with a numeric gRPC code.
    const e = error as { code: number; rawMessage?: string; message?: string };
    return httpError(e.code, e.rawMessage ?? e.message ?? codeName(e.code));
  }
  return httpError(Code.UNKNOWN, error instanceof Error ? error.message : String(error));
}
