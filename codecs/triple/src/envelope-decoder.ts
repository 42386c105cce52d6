import { DecodeError } from "@tribridge/core";
import { ENVELOPE_HEADER_LENGTH, type Envelope } from "./envelope.js";

export interface EnvelopeDecoderOptions {
  /** Protocol named in errors (default `grpc`). */
  readonly protocol?: string;
  /**
   * Largest payload accepted, checked from the length prefix before anything is buffered
   * (default 4 MiB, gRPC's default receive limit). Over it: DecodeError `limit-exceeded`,
   * which `statusFromError` reports as RESOURCE_EXHAUSTED.
   */
  readonly maxMessageBytes?: number;
  /** Flag values accepted (default 0 and 1, plain gRPC). Others fail with `unexpected-tag`. */
  readonly allowedFlags?: readonly number[];
}

export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

function flagTable(flags: readonly number[]): Uint8Array {
  const t = new Uint8Array(256);
  for (const f of flags) t[f & 0xff] = 1;
  return t;
}

/** Shared (read-only) table for plain gRPC: one decoder per call, so no 256-byte table each. */
const PLAIN_FLAGS = flagTable([0, 1]);

/**
 * Incremental reader of length-prefixed messages. Push transport chunks cut anywhere; get
 * back every message completed by that chunk. A message lying wholly inside one chunk is
 * returned as a view of that chunk (no copy), so callers must not reuse a pushed buffer;
 * one that spans chunks is copied once into a buffer of its announced size.
 */
export class EnvelopeDecoder {
  readonly protocol: string;
  readonly maxMessageBytes: number;
  private readonly allowed: Uint8Array;
  private readonly header = new Uint8Array(ENVELOPE_HEADER_LENGTH);
  private headerFill = 0;
  private flags = 0;
  /** Payload of the message being assembled across chunks, or undefined between messages. */
  private body: Uint8Array | undefined;
  private bodyFill = 0;
  /** Bytes consumed from all chunks so far: the offset reported in errors. */
  private offset = 0;
  private failed: DecodeError | undefined;

  constructor(options?: EnvelopeDecoderOptions) {
    this.protocol = options?.protocol ?? "grpc";
    this.maxMessageBytes = options?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.allowed = options?.allowedFlags === undefined ? PLAIN_FLAGS : flagTable(options.allowedFlags);
  }

  /** True when no message is partly received: ending the stream here is clean. */
  get idle(): boolean {
    return this.headerFill === 0 && this.body === undefined;
  }

  /** Bytes consumed so far. */
  get position(): number {
    return this.offset;
  }

  /** Feeds one chunk; returns the messages it completed, in order. */
  push(chunk: Uint8Array): Envelope[] {
    if (this.failed !== undefined) throw this.failed;
    const out: Envelope[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.body !== undefined) {
        const take = Math.min(this.body.length - this.bodyFill, n - i);
        this.body.set(chunk.subarray(i, i + take), this.bodyFill);
        this.bodyFill += take;
        i += take;
        if (this.bodyFill === this.body.length) {
          out.push({ flags: this.flags, data: this.body });
          this.body = undefined;
        }
        continue;
      }
      let length: number;
      if (this.headerFill === 0 && n - i >= ENVELOPE_HEADER_LENGTH) {
        // Whole header in this chunk: the common case, read in place.
        this.flags = chunk[i] as number;
        length =
          (((chunk[i + 1] as number) << 24) |
            ((chunk[i + 2] as number) << 16) |
            ((chunk[i + 3] as number) << 8) |
            (chunk[i + 4] as number)) >>>
          0;
        this.check(this.flags, length, this.offset + i);
        i += ENVELOPE_HEADER_LENGTH;
      } else {
        const take = Math.min(ENVELOPE_HEADER_LENGTH - this.headerFill, n - i);
        this.header.set(chunk.subarray(i, i + take), this.headerFill);
        this.headerFill += take;
        i += take;
        if (this.headerFill < ENVELOPE_HEADER_LENGTH) break;
        this.headerFill = 0;
        const h = this.header;
        this.flags = h[0] as number;
        length =
          (((h[1] as number) << 24) | ((h[2] as number) << 16) | ((h[3] as number) << 8) | (h[4] as number)) >>> 0;
        this.check(this.flags, length, this.offset + i - ENVELOPE_HEADER_LENGTH);
      }
      if (length === 0) {
        out.push({ flags: this.flags, data: EMPTY });
      } else if (n - i >= length) {
        out.push({ flags: this.flags, data: chunk.subarray(i, i + length) });
        i += length;
      } else {
        this.body = new Uint8Array(length);
        this.bodyFill = 0;
      }
    }
    this.offset += n;
    return out;
  }

  /** Declares the end of the stream; throws `truncated` if a message was cut short. */
  end(): void {
    if (this.failed !== undefined) throw this.failed;
    if (this.idle) return;
    const what =
      this.body !== undefined
        ? `message of ${this.body.length} bytes ended after ${this.bodyFill}`
        : `message header ended after ${this.headerFill} of 5 bytes`;
    throw new DecodeError(`stream ${what}`, { protocol: this.protocol, reason: "truncated", offset: this.offset });
  }

  private check(flags: number, length: number, at: number): void {
    if (this.allowed[flags] !== 1) {
      // 'A' (0x41) is what a base64 gRPC-Web text body looks like when read as binary.
      const hint = flags === 0x41 ? " (base64 text? gRPC-Web text bodies must be decoded first)" : "";
      this.fail("unexpected-tag", `invalid message flags 0x${flags.toString(16).padStart(2, "0")}${hint}`, at);
    }
    if (length > this.maxMessageBytes) {
      this.fail("limit-exceeded", `message of ${length} bytes exceeds the limit of ${this.maxMessageBytes}`, at);
    }
  }

  private fail(reason: "unexpected-tag" | "limit-exceeded", message: string, at: number): never {
    // The stream is unusable after a framing error: later pushes rethrow the same error.
    this.failed = new DecodeError(message, { protocol: this.protocol, reason, offset: at });
    throw this.failed;
  }
}

/** Decodes a complete body (e.g. a buffered unary request) into its messages. */
export function decodeEnvelopes(bytes: Uint8Array, options?: EnvelopeDecoderOptions): Envelope[] {
  const d = new EnvelopeDecoder(options);
  const out = d.push(bytes);
  d.end();
  return out;
}
