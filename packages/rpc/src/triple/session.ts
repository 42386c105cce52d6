import { type ClientHttp2Session, connect } from "node:http2";

export interface SessionOptions {
  /** `http://host:port` (h2c). */
  readonly url: string;
  /** Send a PING after this much time (ms) while calls are open; 0 = off. Default 30 s. */
  readonly keepaliveMs?: number;
  /** Close the connection when a PING is not answered in this time. Default 20 s. */
  readonly keepaliveTimeoutMs?: number;
  /** Connection flow-control window (default 8 MiB: large messages need fewer round trips). */
  readonly windowBytes?: number;
}

/**
 * One reused HTTP/2 connection per client, as grpc-js keeps one per subchannel. A session
 * that closes, fails or receives GOAWAY is dropped and the next call opens a new one
 * (reconnect); calls already on it finish or fail on their own. Requests made before the
 * connection is up are queued by node:http2, so a call never waits on a promise here.
 * Keepalive PINGs run only while calls are open, so an idle client costs nothing.
 */
export class SessionManager {
  private current: ClientHttp2Session | undefined;
  private active = 0;
  private closed = false;
  private pinger: NodeJS.Timeout | undefined;

  constructor(private readonly options: SessionOptions) {}

  get(): ClientHttp2Session {
    const s = this.current;
    if (s !== undefined && !s.closed && !s.destroyed) return s;
    return this.open();
  }

  private open(): ClientHttp2Session {
    const window = this.options.windowBytes ?? 8 * 1024 * 1024;
    const session = connect(this.options.url, {
      settings: { enablePush: false, initialWindowSize: Math.min(window, 4 * 1024 * 1024) },
    });
    this.current = session;
    const drop = () => {
      if (this.current === session) this.current = undefined;
    };
    session.on("connect", () => {
      try {
        session.setLocalWindowSize(window);
      } catch {
        // the session went away meanwhile
      }
    });
    session.on("goaway", drop);
    session.on("close", drop);
    session.on("error", drop);
    if (this.active === 0) session.unref();
    return session;
  }

  /** A call started: the connection now keeps the process alive and is kept alive. */
  acquire(): ClientHttp2Session {
    const s = this.get();
    if (this.active++ === 0) {
      s.ref();
      this.startPings();
    }
    return s;
  }

  release(session: ClientHttp2Session): void {
    if (--this.active === 0) {
      if (!session.destroyed) session.unref();
      if (this.current !== undefined && this.current !== session && !this.current.destroyed) this.current.unref();
      // The pinger stops itself at its next tick if still idle: sequential calls (the
      // client benchmark at concurrency 1) would otherwise create an interval per call.
    }
  }

  private startPings(): void {
    const every = this.options.keepaliveMs ?? 30_000;
    if (every <= 0 || this.pinger !== undefined) return;
    this.pinger = setInterval(() => {
      if (this.active === 0) this.stopPings();
      else this.ping();
    }, every);
    this.pinger.unref();
  }

  private stopPings(): void {
    if (this.pinger !== undefined) clearInterval(this.pinger);
    this.pinger = undefined;
  }

  private ping(): void {
    const s = this.current;
    if (s === undefined || s.destroyed || s.connecting) return;
    const timeout = setTimeout(
      () => s.destroy(new Error("keepalive ping timed out")),
      this.options.keepaliveTimeoutMs ?? 20_000,
    );
    timeout.unref();
    const sent = s.ping((err) => {
      clearTimeout(timeout);
      if (err !== null) s.destroy(err);
    });
    if (!sent) clearTimeout(timeout);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** GOAWAY to the server; streams in flight finish first (node's session.close). */
  close(): Promise<void> {
    this.closed = true;
    this.stopPings();
    const s = this.current;
    this.current = undefined;
    if (s === undefined || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => s.close(() => resolve()));
  }
}
