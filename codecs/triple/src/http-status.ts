import { Code } from "./status.js";

/**
 * The gRPC code for an HTTP response that carried no `grpc-status` (a proxy's or a
 * non-gRPC server's answer). Follows grpc/doc/http-grpc-status-mapping.md, except that
 * 431 gives UNKNOWN as Envoy, connect-es and the Connect conformance suite expect (the doc
 * says INTERNAL). 1xx should have been skipped by the transport; if one gets here it is
 * INTERNAL, as in Dubbo Java.
 */
export function codeFromHttpStatus(httpStatus: number): Code {
  if (httpStatus >= 100 && httpStatus < 200) return Code.INTERNAL;
  switch (httpStatus) {
    case 400:
      return Code.INTERNAL;
    case 401:
      return Code.UNAUTHENTICATED;
    case 403:
      return Code.PERMISSION_DENIED;
    case 404:
      return Code.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return Code.UNAVAILABLE;
    default:
      return Code.UNKNOWN;
  }
}

const HTTP_FOR_CODE: readonly number[] = [
  200, // OK
  499, // CANCELLED
  500, // UNKNOWN
  400, // INVALID_ARGUMENT
  504, // DEADLINE_EXCEEDED
  404, // NOT_FOUND
  409, // ALREADY_EXISTS
  403, // PERMISSION_DENIED
  429, // RESOURCE_EXHAUSTED
  400, // FAILED_PRECONDITION
  409, // ABORTED
  400, // OUT_OF_RANGE
  501, // UNIMPLEMENTED
  500, // INTERNAL
  503, // UNAVAILABLE
  500, // DATA_LOSS
  401, // UNAUTHENTICATED
];

/**
 * The HTTP status for a gRPC code, per google/rpc/code.proto; Envoy, grpc-gateway, Connect
 * and Dubbo Java agree. (dubbo-js differs for 1, 4, 9, 12; see docs/triple.md.) Used when a
 * call's outcome must be shown to a plain HTTP client.
 */
export function httpStatusFromCode(code: number): number {
  return HTTP_FOR_CODE[code] ?? 500;
}
