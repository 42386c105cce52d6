import type { Socket } from "node:net";

/** Frames of one tick up to this many bytes in all are copied into one buffer and written once. */
const COALESCE_MAX = 64 * 1024;

/**
 * Writes whole frames to a socket, one syscall per burst. The first frame of a tick leaves
 * at once: a lone call (concurrency 1) pays no hop to the end of the tick before its
 * syscall. Frames that follow it in the same tick are queued and leave together in one
 * write at the end of it, so 64 concurrent calls (or responses) cost two syscalls, not 64.
 */
export class BatchedWriter {
  private readonly socket: Socket;
  private burst = false;
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;
  /** The socket is gone: frames still queued are dropped at the end of the tick. */
  closed = false;

  constructor(socket: Socket) {
    this.socket = socket;
  }

  write(frame: Uint8Array): void {
    if (!this.burst) {
      this.burst = true;
      process.nextTick(this.flush);
      this.socket.write(frame);
      return;
    }
    this.queued.push(frame);
    this.queuedBytes += frame.length;
  }

  /** Writes what this tick queued (also called before a half-close, so nothing is left behind). */
  readonly flush = (): void => {
    this.burst = false;
    const frames = this.queued;
    if (frames.length === 0) return;
    const bytes = this.queuedBytes;
    this.queued = [];
    this.queuedBytes = 0;
    if (this.closed) return;
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
      // Too large to be worth a copy: the frames go as they are, in one corked batch.
      socket.cork();
      for (const f of frames) socket.write(f);
      socket.uncork();
    }
  };
}
