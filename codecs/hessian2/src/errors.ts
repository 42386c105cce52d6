import { ByteReader, type CodecErrorOptions, type CodecErrorReason, DecodeError, EncodeError } from "@tribridge/core";

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
export class HessianReader extends ByteReader {
  override fail(reason: CodecErrorReason, message: string, offset: number = this.pos): never {
    throw new HessianDecodeError(message, { protocol: this.protocol, reason, offset });
  }
}
