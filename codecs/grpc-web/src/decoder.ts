import { Base64StreamDecoder, DecodeError } from "@tribridge/core";
import { DEFAULT_MAX_MESSAGE_BYTES, EnvelopeDecoder, type Metadata } from "@tribridge/triple";
import { isTrailerFlag, REQUEST_FLAGS, RESPONSE_FLAGS } from "./frame.js";
import { decodeTrailerBlock } from "./trailer.js";

export type GrpcWebFrame =
  | { readonly type: "message"; readonly compressed: boolean; readonly data: Uint8Array }
  | { readonly type: "trailers"; readonly compressed: false; readonly metadata: Metadata }
  /** A compressed trailer frame: decompress `data`, then call decodeTrailerBlock. */
  | { readonly type: "trailers"; readonly compressed: true; readonly data: Uint8Array };

export interface GrpcWebDecoderOptions {
  /** `response` (default) allows the trailer frame; `request` rejects it. */
  readonly role?: "request" | "response";
  /** Base64 text mode (`application/grpc-web-text`). */
  readonly text?: boolean;
  /** Largest frame payload, checked from the prefix (default 4 MiB). */
  readonly maxMessageBytes?: number;
  /** Text mode: accept a final unpadded group at end() (default false, like Envoy). */
  readonly allowUnpaddedEnd?: boolean;
}

const PROTOCOL = "grpc-web";

/**
 * Incremental gRPC-Web body reader, binary or text. Text chunks may be cut anywhere, even
 * between the two `=` of a pad; each padded run may be followed by another. After the
 * trailer frame nothing may follow.
 */
export class GrpcWebDecoder {
  readonly role: "request" | "response";
  readonly text: boolean;
  private readonly frames: EnvelopeDecoder;
  private readonly base64: Base64StreamDecoder | undefined;
  private sawTrailers = false;

  constructor(options?: GrpcWebDecoderOptions) {
    this.role = options?.role ?? "response";
    this.text = options?.text === true;
    this.frames = new EnvelopeDecoder({
      protocol: PROTOCOL,
      maxMessageBytes: options?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      allowedFlags: this.role === "response" ? RESPONSE_FLAGS : REQUEST_FLAGS,
    });
    this.base64 = this.text
      ? new Base64StreamDecoder({ protocol: `${PROTOCOL}-text`, allowUnpaddedEnd: options?.allowUnpaddedEnd === true })
      : undefined;
  }

  /** True once the trailer frame has been read. */
  get trailersReceived(): boolean {
    return this.sawTrailers;
  }

  /** Feeds body bytes (or, in text mode, base64 text as bytes or a string). */
  push(chunk: Uint8Array | string): GrpcWebFrame[] {
    let bytes: Uint8Array;
    if (this.base64 !== undefined) bytes = this.base64.push(chunk);
    else if (typeof chunk === "string") throw new TypeError("binary gRPC-Web decoder given a string");
    else bytes = chunk;
    return this.frame(bytes);
  }

  /** Declares the end of the body; returns frames completed by a final unpadded group. */
  end(): GrpcWebFrame[] {
    const out = this.base64 !== undefined ? this.frame(this.base64.end()) : [];
    this.frames.end();
    return out;
  }

  private frame(bytes: Uint8Array): GrpcWebFrame[] {
    if (bytes.length === 0) return [];
    if (this.sawTrailers) this.fail("data after the trailer frame", this.frames.position);
    const out: GrpcWebFrame[] = [];
    for (const e of this.frames.push(bytes)) {
      if (this.sawTrailers) this.fail("frame after the trailer frame", this.frames.position);
      if (isTrailerFlag(e.flags)) {
        this.sawTrailers = true;
        if ((e.flags & 0x01) !== 0) out.push({ type: "trailers", compressed: true, data: e.data });
        else out.push({ type: "trailers", compressed: false, metadata: decodeTrailerBlock(e.data) });
      } else {
        out.push({ type: "message", compressed: (e.flags & 0x01) !== 0, data: e.data });
      }
    }
    return out;
  }

  private fail(message: string, offset: number): never {
    throw new DecodeError(message, { protocol: PROTOCOL, reason: "malformed", offset });
  }
}
