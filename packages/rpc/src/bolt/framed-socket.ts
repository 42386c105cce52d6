import type { Socket } from "node:net";
import {
  type BoltFrame,
  type BoltHead,
  type DecodedFrame,
  decodeFrame,
  encodeFrame,
  FrameSplitter,
  PayloadTooLargeError,
} from "@tribridge/bolt";
import { DecodeError } from "@tribridge/core";

/** Frames of one tick up to this many bytes in all are copied into one buffer and written once. */
const COALESCE_MAX = 64 * 1024;

export interface BoltSocketOptions {
  /** Largest class + header + content accepted and sent. */
  readonly maxBodyLength: number;
  /** Called after this long without traffic either way (0 = never): the client sends a heartbeat. */
  readonly heartbeatMs: number;
  readonly onHeartbeatDue?: () => void;
  /** Close after this long without reading anything (0 = never). */
  readonly idleTimeoutMs: number;
  readonly onFrame: (frame: DecodedFrame) => void;
  /** A frame announced a body over the limit: the head is intact, the stream is not. */
  readonly onOversize: (head: BoltHead) => void;
  /** The socket closed; `error` says why when it was not a clean end. Called once. */
  readonly onClose: (error: Error | undefined) => void;
}

/**
 * One Bolt connection, either side: bytes in (split, CRC-checked, decoded to frames),
 * frames out (the first of a tick at once, the rest joined), and the timers of Bolt's connection
 * management: heartbeat after silence, close after idleness. Every timer dies with the socket.
 */
export class BoltSocket {
  readonly socket: Socket;
  private readonly options: BoltSocketOptions;
  private readonly splitter: FrameSplitter;
  private lastRead = Date.now();
  private lastWrite = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private closeError: Error | undefined;

  constructor(socket: Socket, options: BoltSocketOptions) {
    this.socket = socket;
    this.options = options;
    this.splitter = new FrameSplitter({ maxBodyLength: options.maxBodyLength });
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (e) => {
      this.closeError ??= e;
    });
    socket.on("close", () => this.finish());
    const tick = Math.min(...[options.heartbeatMs, options.idleTimeoutMs].filter((t) => t > 0));
    if (Number.isFinite(tick)) {
      this.timer = setInterval(() => this.onTick(), tick);
      this.timer.unref();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** `host:port` of the peer, asked of the socket once (each ask is a getpeername call). */
  get remoteAddress(): string | undefined {
    if (this.peer === null) {
      const s = this.socket;
      this.peer = s.remoteAddress === undefined ? undefined : `${s.remoteAddress}:${s.remotePort}`;
    }
    return this.peer;
  }

  private peer: string | undefined | null = null;

  /** Encodes and writes; throws EncodeError (limit, bad field) before writing anything. */
  send(frame: BoltFrame): void {
    this.write(encodeFrame(frame, { maxBodyLength: this.options.maxBodyLength }));
  }

  write(bytes: Uint8Array): void {
    if (this.closed) return;
    this.lastWrite = Date.now();
    // The first frame of a tick leaves at once (a lone call pays no extra hop); frames that
    // follow it in the same tick are joined and leave in one write at the end of the tick,
    // so 64 concurrent calls cost two syscalls, not 64.
    if (!this.burst) {
      this.burst = true;
      process.nextTick(this.flush);
      this.socket.write(bytes);
      return;
    }
    this.queued.push(bytes);
    this.queuedBytes += bytes.length;
  }

  private burst = false;
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;
  private readonly flush = (): void => {
    this.burst = false;
    const frames = this.queued;
    if (frames.length === 0) return;
    const bytes = this.queuedBytes;
    this.queued = [];
    this.queuedBytes = 0;
    if (this.closed) return;
    const socket = this.socket;
    if (frames.length === 1) socket.write(frames[0] as Uint8Array);
    else if (bytes <= COALESCE_MAX) {
      const out = Buffer.allocUnsafe(bytes);
      let at = 0;
      for (const f of frames) {
        out.set(f, at);
        at += f.length;
      }
      socket.write(out);
    } else {
      socket.cork();
      for (const f of frames) socket.write(f);
      socket.uncork();
    }
  };

  destroy(error?: Error): void {
    if (this.closed) return;
    this.closeError ??= error;
    this.socket.destroy();
    this.finish();
  }

  /** Half-closes after pending writes are flushed. */
  end(): void {
    if (this.closed) return;
    this.flush();
    this.socket.end();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.socket.destroyed) this.socket.destroy();
    this.options.onClose(this.closeError);
  }

  private onData(chunk: Buffer): void {
    if (this.closeError !== undefined || this.closed) return;
    this.lastRead = Date.now();
    let frames: ReturnType<FrameSplitter["push"]>;
    try {
      frames = this.splitter.push(chunk);
    } catch (e) {
      if (e instanceof PayloadTooLargeError) {
        // Answer that one id (its head is intact), flush, hang up: the body is not worth reading.
        this.options.onOversize(e.head);
        this.closeError ??= e;
        this.socket.end();
        return;
      }
      this.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const f of frames) {
      if (this.closed) return;
      let frame: DecodedFrame;
      try {
        frame = decodeFrame(f.bytes, 0, f.streamOffset, f.head);
      } catch (e) {
        // A CRC mismatch: the bytes of this connection cannot be trusted any more.
        this.destroy(e instanceof DecodeError ? e : new Error(String(e)));
        return;
      }
      this.options.onFrame(frame);
    }
  }

  private onTick(): void {
    const now = Date.now();
    const { heartbeatMs, idleTimeoutMs } = this.options;
    if (idleTimeoutMs > 0 && now - this.lastRead >= idleTimeoutMs) {
      this.destroy(new Error(`no data for ${now - this.lastRead} ms (idle timeout ${idleTimeoutMs} ms)`));
      return;
    }
    if (heartbeatMs > 0 && (now - this.lastRead >= heartbeatMs || now - this.lastWrite >= heartbeatMs)) {
      this.options.onHeartbeatDue?.();
    }
  }
}
