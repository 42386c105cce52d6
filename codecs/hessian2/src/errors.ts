import { ByteReader, type CodecErrorOptions, DecodeError, EncodeError } from "@tribridge/core";

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
