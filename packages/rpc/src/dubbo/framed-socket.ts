import type { Socket } from "node:net";
import { DecodeError, type DecodeLimits } from "@tribridge/core";
import {
  type DubboHeader,
  type DubboMessage,
  decodeFrameBody,
  encodeFrame,
  FrameSplitter,
  HEADER_LENGTH,
  heartbeatRequest,
  PayloadTooLargeError,
} from "@tribridge/dubbo";

/** Frames of one tick up to this many bytes in all are copied into one buffer and written once. */
const COALESCE_MAX = 64 * 1024;

export interface FramedSocketOptions {
  readonly maxBodyLength: number;
  readonly limits?: Partial<DecodeLimits>;
  /** Send a heartbeat after this long without traffic (0 = never). Client side. */
  readonly heartbeatMs: number;
  /** Close after this long without reading anything (0 = never). */
  readonly idleTimeoutMs: number;
  /** A decoded frame. */
  readonly onMessage: (msg: DubboMessage) => void;
  /** A frame whose body could not be decoded; the stream is still in sync. */
  readonly onFrameError: (error: DecodeError, header: DubboHeader) => void;
  /** The socket closed; `error` says why when it was not a clean end. Called once. */
  readonly onClose: (error: Error | undefined) => void;
}

/**
 * One Dubbo connection, either side: frames in (split, decoded), frames out, and the
 * timers of Dubbo's HeaderExchange layer: heartbeat after silence, close after idleness.
 * Every timer dies with the socket.
 */
export class FramedSocket {
  readonly socket: Socket;
  private readonly options: FramedSocketOptions;
  private readonly splitter: FrameSplitter;
  private readonly decodeOptions: { readonly limits?: Partial<DecodeLimits> };
  private lastRead = Date.now();
  private lastWrite = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private nextHeartbeatId = -1n;
  private closed = false;
  private closeError: Error | undefined;

  constructor(socket: Socket, options: FramedSocketOptions) {
    this.socket = socket;
    this.options = options;
    this.splitter = new FrameSplitter({ maxBodyLength: options.maxBodyLength });
    this.decodeOptions = options.limits === undefined ? {} : { limits: options.limits };
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

  /** Encodes and writes; throws EncodeError (payload limit, unencodable value) before writing anything. */
  send(msg: DubboMessage): void {
    this.write(encodeFrame(msg, { maxBodyLength: this.options.maxBodyLength }));
  }

  /**
   * An error-status response, its message cut to fit the payload limit (3 bytes per UTF-16
   * unit at worst) so that the answer itself can never be refused.
   */
  sendError(id: bigint, status: number, message: string): void {
    const room = Math.max(0, Math.floor((this.options.maxBodyLength - 8) / 3));
    this.send({ type: "error", id, status, message: message.length > room ? message.slice(0, room) : message });
  }

  write(frame: Uint8Array): void {
    if (this.closed) return;
    this.lastWrite = Date.now();
    // The first frame of a tick leaves at once: a lone call (concurrency 1) pays no hop to
    // the end of the tick before its syscall. Frames that follow it in the same tick are
    // queued and leave together in one write at the end of it, so 64 concurrent calls (or
    // responses) cost two syscalls instead of 64.
    if (!this.burst) {
      this.burst = true;
      process.nextTick(this.flush);
      this.socket.write(frame);
      return;
    }
    this.queued.push(frame);
    this.queuedBytes += frame.length;
  }

  private burst = false;
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;
  private readonly flush = (): void => {
    this.burst = false;
    const frames = this.queued;
    const bytes = this.queuedBytes;
    this.queued = [];
    this.queuedBytes = 0;
    if (this.closed || frames.length === 0) return;
    const socket = this.socket;
    if (frames.length === 1) {
      socket.write(frames[0] as Uint8Array);
    } else if (bytes <= COALESCE_MAX) {
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

  /** Closes now; pending work sees `error` (or a clean close when undefined). */
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
    if (this.closeError !== undefined) return;
    this.lastRead = Date.now();
    let frames: ReturnType<FrameSplitter["push"]>;
    try {
      frames = this.splitter.push(chunk);
    } catch (e) {
      if (e instanceof PayloadTooLargeError) {
        // Answer for that one id (the header is intact), flush, then hang up: the body that
        // follows is not worth reading. The stream stays poisoned in the splitter.
        this.options.onFrameError(e, e.header);
        this.closeError ??= e;
        this.end();
        return;
      }
      this.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const f of frames) {
      if (this.closed) return;
      let msg: DubboMessage;
      try {
        msg = decodeFrameBody(f.head, f.bytes, HEADER_LENGTH, f.streamOffset + HEADER_LENGTH, this.decodeOptions);
      } catch (e) {
        if (e instanceof DecodeError) {
          this.options.onFrameError(e, f.head);
          continue;
        }
        this.destroy(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      this.options.onMessage(msg);
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
      // Heartbeat ids count down from -1 so they never meet the call ids counting up.
      this.send(heartbeatRequest(this.nextHeartbeatId--));
    }
  }
}
