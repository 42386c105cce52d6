import { type Envelope, EnvelopeFlag, encodeEnvelope, type HeaderInput, type Metadata } from "@tribridge/triple";
import { encodeTrailerBlock } from "./trailer.js";

// gRPC-Web frames reuse gRPC's 5-byte prefix; the flag byte's MSB marks the trailer frame.

export const GrpcWebFlag = {
  DATA: 0x00,
  COMPRESSED: EnvelopeFlag.COMPRESSED,
  TRAILER: EnvelopeFlag.TRAILER,
  COMPRESSED_TRAILER: EnvelopeFlag.TRAILER | EnvelopeFlag.COMPRESSED,
} as const;

/** Flags a response frame may carry. */
export const RESPONSE_FLAGS: readonly number[] = [0x00, 0x01, 0x80, 0x81];
/** Flags a request frame may carry: requests have no trailers. */
export const REQUEST_FLAGS: readonly number[] = [0x00, 0x01];

export function encodeMessageFrame(data: Uint8Array, compressed = false): Uint8Array {
  return encodeEnvelope(compressed ? GrpcWebFlag.COMPRESSED : GrpcWebFlag.DATA, data);
}

/** The trailer frame: flag 0x80 and the header block. Must be the last frame of a response. */
export function encodeTrailerFrame(trailers: HeaderInput | Metadata): Uint8Array {
  return encodeEnvelope(GrpcWebFlag.TRAILER, encodeTrailerBlock(trailers));
}

export function isTrailerFlag(flags: number): boolean {
  return (flags & EnvelopeFlag.TRAILER) !== 0;
}

/** A whole binary response body: messages then the trailer frame. */
export function encodeResponseBody(
  messages: Iterable<Envelope | Uint8Array>,
  trailers: HeaderInput | Metadata,
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const m of messages)
    parts.push(m instanceof Uint8Array ? encodeMessageFrame(m) : encodeEnvelope(m.flags, m.data));
  parts.push(encodeTrailerFrame(trailers));
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
