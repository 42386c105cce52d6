/**
 * Why a codec refused its input. Stable strings: callers and metrics may switch on them.
 */
export type CodecErrorReason =
  /** The input ended inside a value or frame that announced more bytes. */
  | "truncated"
  /** A byte that no production of the grammar starts with at this position. */
  | "unexpected-tag"
  /** A structurally valid value with an impossible content (bad magic, bad length sign...). */
  | "malformed"
  /** Bytes that are not valid UTF-8 / CESU-8 where text is required. */
  | "bad-utf8"
  /** A configured limit (depth, length, total size, count) would be exceeded. */
  | "limit-exceeded"
  /** A back reference to a value, class or type that was never defined. */
  | "unknown-ref"
  /** A key such as `__proto__` that would touch an object prototype. */
  | "forbidden-key"
  /** A feature the codec knows of but does not implement (for example a serialization id). */
  | "unsupported"
  /** An encoder was given a value it cannot represent in the target format. */
  | "unencodable";

export interface CodecErrorOptions {
  /** Protocol or format whose codec failed, for example `hessian2` or `dubbo`. */
  readonly protocol: string;
  readonly reason: CodecErrorReason;
  /** Byte offset in the input (decode) or output (encode) where the problem was found. */
  readonly offset: number;
  readonly cause?: unknown;
}

const codecErrorBrand = Symbol.for("@tribridge/core/CodecError");

/**
 * Base of every error a codec throws. The message starts with the protocol, the reason
 * and the byte offset, so a log line alone tells where a frame went wrong.
 */
export class CodecError extends Error {
  readonly protocol: string;
  readonly reason: CodecErrorReason;
  readonly offset: number;
  /** The message without the protocol/reason/offset prefix. */
  readonly rawMessage: string;

  constructor(message: string, options: CodecErrorOptions) {
    super(
      `[${options.protocol}] ${options.reason} at byte ${options.offset}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "CodecError";
    this.protocol = options.protocol;
    this.reason = options.reason;
    this.offset = options.offset;
    this.rawMessage = message;
    Object.defineProperty(this, codecErrorBrand, { value: true });
  }

  // Two copies of @tribridge/core in one process (a common npm outcome) must still agree.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    if (!(codecErrorBrand in value)) return false;
    if (this === CodecError) return true;
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** Thrown when bytes cannot be decoded. */
export class DecodeError extends CodecError {
  constructor(message: string, options: CodecErrorOptions) {
    super(message, options);
    this.name = "DecodeError";
  }
}

/** Thrown when a value cannot be encoded. */
export class EncodeError extends CodecError {
  constructor(message: string, options: CodecErrorOptions) {
    super(message, options);
    this.name = "EncodeError";
  }
}
