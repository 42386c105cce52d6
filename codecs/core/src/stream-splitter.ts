import { DecodeError } from "./errors.js";

/**
 * How one protocol's frames are laid out: a fixed head that tells the frame's total length.
 * Dubbo's head is always 16 bytes; Bolt's depends on its first bytes (version, command type).
 */
export interface FrameLayout<H> {
  /** The most leading bytes `headLength` may need to tell the head's length. */
  readonly probeLength: number;
  /** Length of the head starting at `pos`, or -1 while `end - pos` bytes cannot tell yet. Throws on bytes no head starts with. */
  headLength(bytes: Uint8Array, pos: number, end: number, streamOffset: number): number;
  /** Parses a complete head and applies the protocol's limits; throws a DecodeError. */
  readHead(bytes: Uint8Array, pos: number, streamOffset: number): H;
  /** Head plus body. */
  frameLength(head: H): number;
}

/** One complete frame cut out of a stream. */
export interface SplitFrame<H> {
  readonly head: H;
  /** The whole frame. May be a view into a pushed chunk: decode or copy it before the chunk is reused. */
  readonly bytes: Uint8Array;
  /** Where the frame starts in the connection's byte stream. */
  readonly streamOffset: number;
}

/**
 * Cuts a TCP byte stream into frames of one protocol. Chunks may hold several frames or any
 * part of one. A head is checked (limits included) as soon as it is complete, before any of
 * the body is buffered. After an error the splitter stays failed: the stream lost frame
 * sync, and the connection must close.
 */
export class StreamSplitter<H> {
  private readonly layout: FrameLayout<H>;
  /** Chunks of an incomplete frame, oldest first. */
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Total length of the frame at the head of `pending` once its head is known, else -1. */
  private needed = -1;
  private head: H | undefined;
  /** Stream offset of the first pending byte. */
  private offset = 0;
  private failure: DecodeError | undefined;

  constructor(layout: FrameLayout<H>) {
    this.layout = layout;
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.pendingLength;
  }

  /** Feeds the next chunk; returns every frame it completes, in stream order. */
  push(chunk: Uint8Array): SplitFrame<H>[] {
    if (this.failure !== undefined) throw this.failure;
    const out: SplitFrame<H>[] = [];
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

  /** Fast path: frames straight out of one chunk, without copying. */
  private scan(chunk: Uint8Array, out: SplitFrame<H>[]): void {
    const layout = this.layout;
    let pos = 0;
    for (;;) {
      const headLength = layout.headLength(chunk, pos, chunk.length, this.offset);
      if (headLength < 0 || chunk.length - pos < headLength) break;
      const head = layout.readHead(chunk, pos, this.offset);
      const total = layout.frameLength(head);
      if (chunk.length - pos < total) {
        this.head = head;
        this.needed = total;
        break;
      }
      out.push({ head, bytes: chunk.subarray(pos, pos + total), streamOffset: this.offset });
      pos += total;
      this.offset += total;
    }
    if (pos < chunk.length) {
      this.pending = [chunk.subarray(pos)];
      this.pendingLength = chunk.length - pos;
    }
  }

  private drainPending(out: SplitFrame<H>[]): void {
    const layout = this.layout;
    if (this.needed < 0) {
      const probe = this.gather(Math.min(layout.probeLength, this.pendingLength));
      const headLength = layout.headLength(probe, 0, probe.length, this.offset);
      if (headLength < 0 || this.pendingLength < headLength) return;
      this.head = layout.readHead(this.gather(headLength), 0, this.offset);
      this.needed = layout.frameLength(this.head);
    }
    if (this.pendingLength < this.needed) return;
    // One copy per frame that arrived in pieces, made once it is complete: linear in its size.
    const all = this.gather(this.pendingLength);
    const total = this.needed;
    out.push({ head: this.head as H, bytes: all.subarray(0, total), streamOffset: this.offset });
    this.offset += total;
    this.pending = [];
    this.pendingLength = 0;
    this.needed = -1;
    this.head = undefined;
    if (all.length > total) this.scan(all.subarray(total), out);
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
