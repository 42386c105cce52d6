import { Code, codeName, Metadata, type Status, StatusError, statusFromError } from "@tribridge/triple";
import { RpcError, type RpcErrorCode } from "../errors.js";

export type MethodKind = "unary" | "server_streaming" | "client_streaming" | "bidi_streaming";

/** Message (de)serialization for one message type: protobuf, JSON, anything bytes. */
export interface Serializer<T> {
  serialize(value: T): Uint8Array;
  parse(bytes: Uint8Array): T;
}

/** Passes bytes through: the raw form every typed API is built on. */
export const bytesSerializer: Serializer<Uint8Array> = { serialize: (v) => v, parse: (b) => b };

/** Which wire form a server call arrived in. */
export type ServerProtocol = "grpc" | "grpc-web" | "http-json";

/** What a streaming handler sees of one call (the Triple counterpart of ServerCall). */
export interface StreamContext {
  readonly service: string;
  readonly method: string;
  readonly protocol: ServerProtocol;
  /** Request custom metadata (reserved headers removed). */
  readonly metadata: Metadata;
  /** Every request header as received. */
  readonly headers: Metadata;
  /** Epoch ms after which the caller has given up, when it said so. */
  readonly deadline: number | undefined;
  /** Aborted on deadline, client cancellation, connection loss or forced shutdown. */
  readonly signal: AbortSignal;
  /** Sent with the response headers: set before the first message is sent. */
  readonly responseHeaders: Metadata;
  /** Sent with the trailers. */
  readonly responseTrailers: Metadata;
  /** Sends the response headers now (otherwise they go with the first message or the status). */
  sendHeaders(): void;
  readonly remoteAddress: string | undefined;
}

/**
 * The one handler shape every kind is reduced to: read requests, send responses (await the
 * send: it resolves when the peer's flow-control window took the bytes). Throwing a
 * StatusError ends the call with its status; anything else becomes UNKNOWN.
 */
export type RawHandler = (
  ctx: StreamContext,
  requests: AsyncIterable<Uint8Array>,
  send: (message: Uint8Array) => Promise<void>,
) => Promise<void>;

export interface RawMethod {
  readonly kind: MethodKind;
  readonly handler: RawHandler;
  /**
   * Optional fast path for unary methods: one request in, one response out, without the
   * async-iterator plumbing (the body is small and complete before the handler runs).
   */
  readonly unary?: (ctx: StreamContext, request: Uint8Array) => Uint8Array | Promise<Uint8Array>;
}

/**
 * A call that ended with a non-OK gRPC status, on the client side. `code` follows the
 * transport-neutral RpcErrorCode; `grpcCode`, `details` and the trailers keep the rest.
 */
export class TripleError extends RpcError {
  readonly grpcCode: number;
  readonly rawMessage: string;
  readonly details: Status["details"];
  readonly metadata: Metadata;
  readonly trailers: Metadata;

  constructor(s: Status, options?: { metadata?: Metadata; trailers?: Metadata; cause?: unknown }) {
    super(rpcCodeOf(s.code), `[${codeName(s.code)}] ${s.message}`, {
      status: s.code,
      statusName: codeName(s.code),
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = "TripleError";
    this.grpcCode = s.code;
    this.rawMessage = s.message;
    this.details = s.details;
    this.metadata = options?.metadata ?? new Metadata();
    this.trailers = options?.trailers ?? new Metadata();
  }

  get grpcStatus(): Status {
    return { code: this.grpcCode, message: this.rawMessage, details: this.details };
  }
}

function rpcCodeOf(code: number): RpcErrorCode {
  if (code === Code.DEADLINE_EXCEEDED) return "DEADLINE_EXCEEDED";
  if (code === Code.CANCELLED) return "CANCELLED";
  if (code === Code.UNAVAILABLE) return "UNAVAILABLE";
  return "REMOTE_STATUS";
}

/** The gRPC status for an error thrown by a server handler. */
export function statusOfThrown(e: unknown): Status {
  if (e instanceof StatusError) return e.status;
  if (e instanceof TripleError) return e.grpcStatus;
  if (e instanceof RpcError) {
    const code =
      e.code === "DEADLINE_EXCEEDED"
        ? Code.DEADLINE_EXCEEDED
        : e.code === "CANCELLED"
          ? Code.CANCELLED
          : e.code === "UNAVAILABLE" || e.code === "CONNECTION_CLOSED"
            ? Code.UNAVAILABLE
            : e.code === "BAD_ARGUMENT"
              ? Code.INVALID_ARGUMENT
              : Code.UNKNOWN;
    return { code, message: e.message, details: [] };
  }
  // Codec errors (size limits, bad frames, bad compression) keep their gRPC meaning.
  return statusFromError(e);
}
