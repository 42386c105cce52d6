import { EncodeError } from "@tribridge/core";

// gRPC Length-Prefixed-Message: 1 flag byte, 4-byte unsigned big-endian length, payload.
// gRPC-Web and Connect reuse the same header with more flag bits, so the flag is kept as
// a number here and each protocol decides which values it allows.

export const ENVELOPE_HEADER_LENGTH = 5;

export const EnvelopeFlag = {
  /** Payload compressed with the call's `grpc-encoding`. */
  COMPRESSED: 0x01,
  /** gRPC-Web: the payload is the trailer block (MSB of the flag byte). */
  TRAILER: 0x80,
} as const;

export interface Envelope {
  readonly flags: number;
  readonly data: Uint8Array;
}

const MAX_LENGTH = 0xffff_ffff;

/** The 5-byte header alone, for transports that write header and payload separately (no copy). */
export function encodeEnvelopeHeader(flags: number, length: number): Uint8Array {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xff) {
    throw new EncodeError(`envelope flags ${flags} do not fit one byte`, {
      protocol: "grpc",
      reason: "unencodable",
      offset: 0,
    });
  }
  if (!Number.isInteger(length) || length < 0 || length > MAX_LENGTH) {
    throw new EncodeError(`message of ${length} bytes does not fit a 32-bit length`, {
      protocol: "grpc",
      reason: "limit-exceeded",
      offset: 0,
    });
  }
  const h = new Uint8Array(ENVELOPE_HEADER_LENGTH);
  h[0] = flags;
  h[1] = length >>> 24;
  h[2] = (length >>> 16) & 0xff;
  h[3] = (length >>> 8) & 0xff;
  h[4] = length & 0xff;
  return h;
}

/** One framed message: header and payload in one new array. */
export function encodeEnvelope(flags: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(ENVELOPE_HEADER_LENGTH + data.length);
  out.set(encodeEnvelopeHeader(flags, data.length));
  out.set(data, ENVELOPE_HEADER_LENGTH);
  return out;
}

/** Several framed messages concatenated, e.g. a whole unary body or a test stream. */
export function encodeEnvelopes(envelopes: Iterable<Envelope>): Uint8Array {
  const list = Array.isArray(envelopes) ? (envelopes as readonly Envelope[]) : [...envelopes];
  let total = 0;
  for (const e of list) total += ENVELOPE_HEADER_LENGTH + e.data.length;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const e of list) {
    const length = e.data.length;
    // Checked once per message; the header is written in place (no temporary array).
    if (e.flags !== (e.flags & 0xff) || length > MAX_LENGTH) encodeEnvelopeHeader(e.flags, length);
    out[pos] = e.flags;
    out[pos + 1] = length >>> 24;
    out[pos + 2] = (length >>> 16) & 0xff;
    out[pos + 3] = (length >>> 8) & 0xff;
    out[pos + 4] = length & 0xff;
    out.set(e.data, pos + ENVELOPE_HEADER_LENGTH);
    pos += ENVELOPE_HEADER_LENGTH + length;
  }
  return out;
}
