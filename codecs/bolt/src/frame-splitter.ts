import { DecodeError } from "@tribridge/core";
import { DEFAULT_MAX_BODY_LENGTH, PROTOCOL } from "./constants.js";
import { type BoltHead, peekHeadLength, readHead } from "./header.js";

/**
 * A frame whose header announces more class + header + content bytes than allowed. It
 * carries the parsed head so a server can still answer that one request id.
 */
export class PayloadTooLargeError extends DecodeError {
  readonly head: BoltHead;
  readonly limit: number;
  constructor(head: BoltHead, limit: number, streamOffset: number) {
    const body = head.classLength + head.headerLength + head.contentLength;
    super(`frame body of ${body} bytes exceeds the limit of ${limit}`, {
      protocol: PROTOCOL,
      reason: "limit-exceeded",
      offset: streamOffset + head.headLength - 8,
    });
    this.name = "PayloadTooLargeError";
    this.head = head;
    this.limit = limit;
  }
}

/** One complete frame cut from the stream. */
export interface RawFrame {
  readonly head: BoltHead;
  /** The whole frame. May be a view into a pushed chunk: decode or copy before the chunk is reused. */
  readonly bytes: Uint8Array;
  /** Where the frame starts in the connection's byte stream. */
  readonly streamOffset: number;
}

export interface FrameSplitterOptions {
  /** Largest class + header + content of one frame, default 8 MiB. */
  readonly maxBodyLength?: number;
}

/**
 * Cuts a TCP byte stream into Bolt frames (v1 and v2 mixed, as a server must accept).
 * Chunks may hold several frames or any part of one. A bad protocol code or command type
 * fails on its first byte; an oversized body fails as soon as its fixed header is complete,
 * before any of the body is buffered. After an error the splitter stays failed: the
 * stream lost frame sync and the connection must close.
 */
export class FrameSplitter {
  readonly maxBodyLength: number;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Total length of the frame at the head of `pending` once its fixed header is known, else -1. */
  private needed = -1;
  private head: BoltHead | undefined;
  private offset = 0;
  private failure: DecodeError | undefined;

  constructor(options?: FrameSplitterOptions) {
    const max = options?.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
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
      if (this.pendingLength === 0) this.scan(chunk, out);
      else {
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

  /** Fast path: frames straight out of one chunk, no copies. */
  private scan(chunk: Uint8Array, out: RawFrame[]): void {
    let pos = 0;
    for (;;) {
      const headLength = peekHeadLength(chunk, pos, chunk.length, this.offset);
      if (headLength < 0 || chunk.length - pos < headLength) break;
      const head = this.checkedHead(chunk, pos);
      if (chunk.length - pos < head.totalLength) {
        this.head = head;
        this.needed = head.totalLength;
        break;
      }
      out.push({ head, bytes: chunk.subarray(pos, pos + head.totalLength), streamOffset: this.offset });
      pos += head.totalLength;
      this.offset += head.totalLength;
    }
    if (pos < chunk.length) {
      this.pending = [chunk.subarray(pos)];
      this.pendingLength = chunk.length - pos;
    }
  }

  private drainPending(out: RawFrame[]): void {
    if (this.needed < 0) {
      // At most 3 bytes decide the fixed header length; gathering 3 is cheap.
      const probe = this.gather(Math.min(3, this.pendingLength));
      const headLength = peekHeadLength(probe, 0, probe.length, this.offset);
      if (headLength < 0 || this.pendingLength < headLength) return;
      this.head = this.checkedHead(this.gather(headLength), 0);
      this.needed = this.head.totalLength;
    }
    if (this.pendingLength < this.needed) return;
    // One copy per frame that arrived in pieces, made once it is complete: linear in size.
    const all = this.gather(this.pendingLength);
    const total = this.needed;
    out.push({ head: this.head as BoltHead, bytes: all.subarray(0, total), streamOffset: this.offset });
    this.offset += total;
    this.pending = [];
    this.pendingLength = 0;
    this.needed = -1;
    this.head = undefined;
    if (all.length > total) this.scan(all.subarray(total), out);
  }

  private checkedHead(bytes: Uint8Array, pos: number): BoltHead {
    const head = readHead(bytes, pos, this.offset);
    if (head.classLength + head.headerLength + head.contentLength > this.maxBodyLength) {
      throw new PayloadTooLargeError(head, this.maxBodyLength, this.offset);
    }
    return head;
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
