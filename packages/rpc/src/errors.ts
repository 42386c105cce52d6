/**
 * Errors every transport rejects calls with. `code` is stable and protocol-neutral, so a
 * bridge can map it to gRPC/HTTP status without knowing which protocol failed.
 */
export type RpcErrorCode =
  /** The call's deadline passed before a response arrived. */
  | "DEADLINE_EXCEEDED"
  /** The caller aborted the call through its AbortSignal. */
  | "CANCELLED"
  /** No connection could be made (refused, reset during connect, backoff in force). */
  | "UNAVAILABLE"
  /** The connection closed while the call was in flight: it may or may not have run. */
  | "CONNECTION_CLOSED"
  /** The peer sent bytes this side cannot decode; the connection was closed. */
  | "PROTOCOL_ERROR"
  /** The client was closed before or while the call was made. */
  | "CLIENT_CLOSED"
  /** The arguments do not fit the declared parameter types, or the request exceeds the payload limit. */
  | "BAD_ARGUMENT"
  /** The peer answered with a non-OK protocol status (see `status`, `statusName`). */
  | "REMOTE_STATUS"
  /** The remote method threw; see RemoteError. */
  | "REMOTE_EXCEPTION";

export interface RpcErrorOptions {
  readonly cause?: unknown;
  /** Protocol status the peer sent (Dubbo status byte), when the error came from one. */
  readonly status?: number;
  readonly statusName?: string;
}

const rpcErrorBrand = Symbol.for("@tribridge/rpc/RpcError");

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly status: number | undefined;
  readonly statusName: string | undefined;

  constructor(code: RpcErrorCode, message: string, options?: RpcErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RpcError";
    this.code = code;
    this.status = options?.status;
    this.statusName = options?.statusName;
    Object.defineProperty(this, rpcErrorBrand, { value: true });
  }

  // Two copies of this package in one process must still recognise each other's errors.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null || !(rpcErrorBrand in value)) return false;
    if (this === RpcError) return true;
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/**
 * An exception thrown by the remote method (client side), or to be thrown to the remote
 * caller (server side): the Java exception class, its message and any extra fields
 * (`code` of a business exception...). `exception` is the decoded Throwable as received.
 */
export class RemoteError extends RpcError {
  readonly javaClass: string;
  readonly remoteMessage: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly exception: unknown;

  constructor(
    javaClass: string,
    remoteMessage: string | null,
    fields: Readonly<Record<string, unknown>> = {},
    exception?: unknown,
  ) {
    super("REMOTE_EXCEPTION", `${javaClass}${remoteMessage === null ? "" : `: ${remoteMessage}`}`);
    this.name = "RemoteError";
    this.javaClass = javaClass;
    this.remoteMessage = remoteMessage;
    this.fields = fields;
    this.exception = exception;
  }
}
