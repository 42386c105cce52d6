import { CodecError } from "@tribridge/core";

/** gRPC status codes (google/rpc/code.proto). */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const NAMES: readonly string[] = Object.keys(Code);

/** `NOT_FOUND` for 5; `CODE_<n>` for numbers outside the table, so logs never lose the value. */
export function codeName(code: number): string {
  return NAMES[code] ?? `CODE_${code}`;
}

/** True for the 17 defined codes. */
export function isKnownCode(code: number): code is Code {
  return Number.isInteger(code) && code >= 0 && code <= 16;
}

/** The Connect protocol's snake_case name (`canceled` with one l, as Connect spells it). */
export function connectCodeName(code: number): string {
  if (code === Code.CANCELLED) return "canceled";
  return codeName(code).toLowerCase();
}

/** Accepts `NOT_FOUND`, `not_found` and Connect's `canceled`; undefined for anything else. */
export function codeFromName(name: string): Code | undefined {
  const upper = name.toUpperCase();
  if (upper === "CANCELED") return Code.CANCELLED;
  const i = NAMES.indexOf(upper);
  return i < 0 ? undefined : (i as Code);
}

/** `google.protobuf.Any`: a type URL and the serialized message. */
export interface AnyMessage {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** The outcome of a call, as carried by trailers (`grpc-status`, `grpc-message`, details). */
export interface Status {
  readonly code: number;
  readonly message: string;
  readonly details: readonly AnyMessage[];
}

export const OK_STATUS: Status = Object.freeze({ code: Code.OK, message: "", details: Object.freeze([]) });

export function status(code: number, message = "", details: readonly AnyMessage[] = []): Status {
  return { code, message, details };
}

/**
 * A call outcome as an exception: thrown by header validation and message decoding so the
 * transport can answer with the right trailers (and, when set, HTTP status) in one place.
 */
export class StatusError extends Error {
  readonly code: number;
  /** The message alone, without the `[CODE]` prefix of `message`. */
  readonly rawMessage: string;
  readonly details: readonly AnyMessage[];
  /** For a server: answer with this HTTP status instead of 200 (415, 405...). */
  readonly httpStatus: number | undefined;

  constructor(
    code: number,
    message: string,
    options?: { details?: readonly AnyMessage[]; httpStatus?: number; cause?: unknown },
  ) {
    super(`[${codeName(code)}] ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StatusError";
    this.code = code;
    this.rawMessage = message;
    this.details = options?.details ?? [];
    this.httpStatus = options?.httpStatus;
  }

  get status(): Status {
    return { code: this.code, message: this.rawMessage, details: this.details };
  }
}

/**
 * The status to report for any error met while handling a call: a StatusError keeps its
 * own; a codec error over a limit is RESOURCE_EXHAUSTED and any other decode failure is
 * INTERNAL (what gRPC libraries generate for both); anything else is UNKNOWN.
 */
export function statusFromError(error: unknown): Status {
  if (error instanceof StatusError) return error.status;
  if (error instanceof CodecError) {
    return status(error.reason === "limit-exceeded" ? Code.RESOURCE_EXHAUSTED : Code.INTERNAL, error.message);
  }
  return status(Code.UNKNOWN, error instanceof Error ? error.message : String(error));
}
