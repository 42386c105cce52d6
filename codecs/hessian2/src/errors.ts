import { ByteReader, CodecError, type CodecErrorOptions, DecodeError, EncodeError } from "@tribridge/core";

/** A Hessian input could not be decoded; `protocol` is the dialect (`hessian2` or `hessian3`). */
export class HessianDecodeError extends DecodeError {
  constructor(message: string, options: CodecErrorOptions) {
    super(message, options);
    this.name = "HessianDecodeError";
  }
}

/** A value could not be encoded as Hessian; `offset` is the output position. */
export class HessianEncodeError extends EncodeError {
  constructor(message: string, options: CodecErrorOptions) {
    super(message, options);
    this.name = "HessianEncodeError";
  }
}

/** Core's bounds-checked reader, failing with the Hessian error class (core's text helpers call `fail`). */
export type HessianReader = ByteReader;

/** A reader over `bytes[start, end)` for `dialect`, whose failures are HessianDecodeErrors. */
export function hessianReader(bytes: Uint8Array, dialect: string, start?: number, end?: number): HessianReader {
  return new ByteReader(bytes, dialect, start, end, HessianDecodeError);
}

/** A `{ $class, $ }` wrapper that cannot be converted; the encoder reports it as a HessianEncodeError. */
export class WrapperError extends Error {}

/** Any failure while encoding, as the HessianEncodeError the caller sees (`offset`: output so far). */
export function encodeErrorOf(e: unknown, dialect: string, offset: number): HessianEncodeError {
  if (e instanceof HessianEncodeError) return e;
  const options = { protocol: dialect, offset, cause: e };
  if (e instanceof CodecError) return new HessianEncodeError(e.rawMessage, { ...options, reason: e.reason });
  if (e instanceof WrapperError) return new HessianEncodeError(e.message, { ...options, reason: "unencodable" });
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new HessianEncodeError("value nested too deeply for the JS stack", { ...options, reason: "limit-exceeded" });
  }
  return new HessianEncodeError(`cannot encode: ${String(e)}`, { ...options, reason: "unencodable" });
}
