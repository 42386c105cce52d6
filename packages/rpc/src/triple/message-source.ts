import type { Readable } from "node:stream";
import { Code, type Envelope, StatusError } from "@tribridge/triple";

/** Turns body chunks into messages; the gRPC and gRPC-Web framings both fit. */
export interface FrameParser {
  /** Messages completed by this chunk; may throw a codec error. */
  push(chunk: Uint8Array): Envelope[];
  /** End of body; throws if a message was cut short. */
  end(): void;
}

/** How many decoded messages may wait for the consumer before the body is paused. */
const HIGH_WATER = 16;

/**
 * The messages of one HTTP body as an async iterable, with backpressure: when the consumer
 * falls behind, the readable is paused, which stops node:http2 from sending WINDOW_UPDATE,
 * so the peer's flow-control window closes and nothing buffers without bound here.
 */
export class MessageSource implements AsyncIterable<Uint8Array> {
  private readonly queue: Envelope[] = [];
  private head = 0;
  private done = false;
  private error: unknown;
  private waiter: (() => void) | undefined;
  private paused = false;
  /** Messages handed out so far (unary calls check for exactly one). */
  received = 0;

  constructor(
    private readonly body: Readable,
    private readonly parser: FrameParser,
    /** Per-message transform (decompression, size limit); when absent, a compressed flag is an error. */
    private readonly transform?: (msg: Envelope) => Uint8Array | Promise<Uint8Array>,
  ) {
    body.on("data", (chunk: Uint8Array) => this.onData(chunk));
    body.on("end", () => {
      try {
        this.parser.end();
      } catch (e) {
        this.fail(e);
        return;
      }
      this.done = true;
      this.wake();
    });
    // 'aborted'/'close' without 'end' means the peer reset or vanished mid-body.
    body.on("close", () => {
      if (!this.done) this.fail(new StatusError(Code.CANCELLED, "stream closed before the body ended"));
    });
    body.on("error", (e) => this.fail(e));
  }

  private onData(chunk: Uint8Array): void {
    if (this.error !== undefined) return;
    let msgs: Envelope[];
    try {
      msgs = this.parser.push(chunk);
    } catch (e) {
      this.fail(e);
      return;
    }
    for (const m of msgs) this.queue.push(m);
    if (this.queue.length - this.head >= HIGH_WATER && !this.paused) {
      this.paused = true;
      this.body.pause();
    }
    if (msgs.length > 0) this.wake();
  }

  fail(e: unknown): void {
    if (this.error !== undefined || this.done) return;
    this.error = e;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** The next message, or undefined at the end of the body. */
  async next(): Promise<Uint8Array | undefined> {
    for (;;) {
      if (this.head < this.queue.length) {
        const msg = this.queue[this.head] as Envelope;
        this.queue[this.head++] = EMPTY;
        if (this.head === this.queue.length) {
          this.queue.length = 0;
          this.head = 0;
        }
        if (this.paused && this.queue.length - this.head < HIGH_WATER / 2) {
          this.paused = false;
          this.body.resume();
        }
        this.received++;
        if (this.transform !== undefined) return await this.transform(msg);
        if ((msg.flags & 1) !== 0) {
          throw new StatusError(Code.INTERNAL, "compressed message on a stream without grpc-encoding");
        }
        return msg.data;
      }
      if (this.error !== undefined) throw this.error;
      if (this.done) return undefined;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (let m = await this.next(); m !== undefined; m = await this.next()) yield m;
  }
}

const EMPTY: Envelope = { flags: 0, data: new Uint8Array(0) };
