import { DecodeError } from "@tribridge/core";
import { DEFAULT_PAYLOAD_LIMIT, HEADER_LENGTH, PROTOCOL } from "./constants.js";
import { type DubboHeader, readHeader } from "./header.js";

/**
 * A frame whose header announces a body over the limit. Carries the header so the
 * receiver can still answer (or fail) that one request id, as Dubbo does.
 */
export class PayloadTooLargeError extends DecodeError {
  readonly header: DubboHeader;
  readonly limit: number;
  constructor(header: DubboHeader, limit: number, streamOffset: number) {
    super(`body of ${header.bodyLength} bytes exceeds the payload limit of ${limit}`, {
      protocol: PROTOCOL,
      reason: "limit-exceeded",
      offset: streamOffset + 12,
    });
    this.name = "PayloadTooLargeError";
    this.header = header;
    this.limit = limit;
  }
}

/** One complete frame cut out of the stream: its parsed header and all of its bytes. */
export interface RawFrame {
  readonly header: DubboHeader;
  /** Header plus body. May be a view into a chunk given to `push`: decode it or copy it before the chunk is reused. */
  readonly bytes: Uint8Array;
  /** Where the frame starts in the connection's byte stream. */
  readonly streamOffset: number;
}

export interface FrameSplitterOptions {
  /** Largest body accepted, in bytes (Dubbo's `payload`, default 8 MiB). */
  readonly maxBodyLength?: number;
}

/**
 * Cuts a TCP byte stream into Dubbo frames. Chunks may hold several frames, part of one,
 * or a frame may be split anywhere. A body over the limit is refused as soon as its header
 * is complete, before any of it is buffered. After an error the splitter stays failed:
 * a stream that lost frame sync cannot be trusted again, the connection must close.
 */
export class FrameSplitter {
  readonly maxBodyLength: number;
  /** Chunks of an incomplete frame, oldest first. */
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Total length of the frame at the head of `pending`, once its header is known; else -1. */
  private needed = -1;
  private header: DubboHeader | undefined;
  /** Stream offset of the first pending byte. */
  private offset = 0;
  private failure: DecodeError | undefined;

  constructor(options?: FrameSplitterOptions) {
    const max = options?.maxBodyLength ?? DEFAULT_PAYLOAD_LIMIT;
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxBodyLength must be >= 0, got ${max}`);
    this.maxBodyLength = max;
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.pendingLength;
  }

  /** Feeds the next chunk; returns every frame it completes, in stream order. */
  push(chunk: Uint8Array): RawFrame[] {
    if (this.failure !== undefined) throw this.failure;
    const out: RawFrame[] = [];
    try {
      if (this.pendingLength === 0) {
        this.scan(chunk, out);
      } else {
        this.pending.push(chunk);
        this.pendingLength += chunk.length;
        this.drainPending(out);
      }
    } catch (e) {
      if (e instanceof DecodeError) this.failure = e;
      throw e;
    }
    return out;
  }

  /** Fast path: frames directly out of one chunk, without copying. */
  private scan(chunk: Uint8Array, out: RawFrame[]): void {
    let pos = 0;
    while (chunk.length - pos >= HEADER_LENGTH) {
      const header = this.checkedHeader(chunk, pos, this.offset);
      const total = HEADER_LENGTH + header.bodyLength;
      if (chunk.length - pos < total) {
        this.header = header;
        this.needed = total;
        break;
      }
      out.push({ header, bytes: chunk.subarray(pos, pos + total), streamOffset: this.offset });
      pos += total;
      this.offset += total;
    }
    if (pos < chunk.length) {
      this.pending = [chunk.subarray(pos)];
      this.pendingLength = chunk.length - pos;
    }
  }

  private drainPending(out: RawFrame[]): void {
    if (this.needed < 0) {
      if (this.pendingLength < HEADER_LENGTH) return;
      const head = this.gather(HEADER_LENGTH);
      this.header = this.checkedHeader(head, 0, this.offset);
      this.needed = HEADER_LENGTH + this.header.bodyLength;
    }
    if (this.pendingLength < this.needed) return;
    // One copy per frame that arrived in pieces: concatenating only once the frame is
    // complete keeps large frames linear in their size.
    const all = this.gather(this.pendingLength);
    const total = this.needed;
    out.push({ header: this.header as DubboHeader, bytes: all.subarray(0, total), streamOffset: this.offset });
    this.offset += total;
    this.pending = [];
    this.pendingLength = 0;
    this.needed = -1;
    this.header = undefined;
    if (all.length > total) this.scan(all.subarray(total), out);
  }

  private checkedHeader(bytes: Uint8Array, pos: number, streamOffset: number): DubboHeader {
    const header = readHeader(bytes, pos, streamOffset);
    if (header.bodyLength > this.maxBodyLength)
      throw new PayloadTooLargeError(header, this.maxBodyLength, streamOffset);
    return header;
  }

  /** The first `n` pending bytes as one array (a view when the first chunk holds them). */
  private gather(n: number): Uint8Array {
    const first = this.pending[0] as Uint8Array;
    if (first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.pending) {
      const take = Math.min(c.length, n - at);
      out.set(take === c.length ? c : c.subarray(0, take), at);
      at += take;
      if (at === n) break;
    }
    if (n === this.pendingLength) this.pending = [out];
    return out;
  }
}
