import type { Socket } from "node:net";
import { BatchedWriter } from "./batched-writer.js";

/** How long a client's close waits for the peer's FIN before it destroys the socket. */
export const CLIENT_CLOSE_GRACE_MS = 1000;

export interface FramedConnectionOptions {
  /** Call `heartbeatDue` after this long without traffic either way (0 = never). Client side. */
  readonly heartbeatMs: number;
  /** Close after this long without reading anything (0 = never). */
  readonly idleTimeoutMs: number;
  /** The socket closed; `error` says why when it was not a clean end. Called once. */
  readonly onClose: (error: Error | undefined) => void;
}

/**
 * One multiplexed TCP connection, either side, whatever the protocol: frames out through a
 * BatchedWriter, bytes in handed to the protocol's `receive`, and the two timers both Dubbo's
 * HeaderExchange layer and Bolt's connection management keep: a heartbeat after silence,
 * a close after idleness. Every timer dies with the socket; `onClose` runs exactly once.
 */
export abstract class FramedConnection {
  readonly socket: Socket;
  private readonly liveness: FramedConnectionOptions;
  private readonly writer: BatchedWriter;
  private lastRead = Date.now();
  private lastWrite = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Why the connection is closing; once set, bytes that still arrive are ignored. */
  protected closeError: Error | undefined;

  constructor(socket: Socket, options: FramedConnectionOptions) {
    this.socket = socket;
    this.liveness = options;
    this.writer = new BatchedWriter(socket);
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

  /** Splits and decodes bytes as they arrive (called only while the connection is healthy). */
  protected abstract receive(chunk: Buffer): void;

  /** No traffic for `heartbeatMs`: the protocol sends its heartbeat. */
  protected abstract heartbeatDue(): void;

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

  /** Writes one encoded frame (dropped once closed). */
  write(frame: Uint8Array): void {
    if (this.closed) return;
    this.lastWrite = Date.now();
    this.writer.write(frame);
  }

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
    this.writer.flush();
    this.socket.end();
  }

  /**
   * Half-closes, and destroys the socket if the peer has not closed its side within `graceMs`:
   * `end()` waits for the peer's FIN, and a peer that never reads must not hold a close forever.
   */
  endWithin(graceMs: number): void {
    if (this.closed) return;
    this.closeTimer ??= setTimeout(() => this.destroy(), graceMs);
    this.end();
  }

  private closeTimer: NodeJS.Timeout | undefined;

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    if (!this.socket.destroyed) this.socket.destroy();
    this.liveness.onClose(this.closeError);
  }

  private onData(chunk: Buffer): void {
    if (this.closeError !== undefined || this.closed) return;
    this.lastRead = Date.now();
    this.receive(chunk);
  }

  private onTick(): void {
    const now = Date.now();
    const { heartbeatMs, idleTimeoutMs } = this.liveness;
    if (idleTimeoutMs > 0 && now - this.lastRead >= idleTimeoutMs) {
      this.destroy(new Error(`no data for ${now - this.lastRead} ms (idle timeout ${idleTimeoutMs} ms)`));
      return;
    }
    if (heartbeatMs > 0 && (now - this.lastRead >= heartbeatMs || now - this.lastWrite >= heartbeatMs)) {
      this.heartbeatDue();
    }
  }
}
