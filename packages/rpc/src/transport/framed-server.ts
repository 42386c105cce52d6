import { createServer, type Server, type Socket } from "node:net";
import type { FramedConnection } from "./framed-connection.js";
import { InFlight } from "./in-flight.js";

/** What the server keeps per accepted connection, whatever the protocol. */
export interface ServerConnection {
  readonly framed: FramedConnection;
  /** Calls whose handler is still running, by request id. */
  readonly calls: ReadonlyMap<unknown, { abort(reason: unknown): void }>;
}

export interface FramedServerOptions {
  readonly host: string;
  /** 0 picks a free port; `listen()` reports it. */
  readonly port: number;
  readonly maxConnections: number;
  /** Do not keep the process alive for the listener or its sockets. */
  readonly unref: boolean;
}

/**
 * The protocol-neutral half of a Dubbo or Bolt provider: the listening socket, the accepted
 * connections, the count of handlers still running, and a graceful close that waits for
 * them. The protocol makes each connection's state (`open`) and reports handlers starting
 * and settling; the frames are its own business.
 */
export class FramedServer<S extends ServerConnection> {
  private readonly options: FramedServerOptions;
  private readonly open: (socket: Socket) => S;
  private server: Server | undefined;
  private readonly connections = new Set<S>();
  private readonly running = new InFlight();
  private closing = false;

  constructor(options: FramedServerOptions, open: (socket: Socket) => S) {
    this.options = options;
    this.open = open;
  }

  listen(): Promise<{ host: string; port: number }> {
    if (this.server !== undefined) throw new Error("already listening");
    const server = createServer((s) => this.accept(s));
    server.maxConnections = this.options.maxConnections;
    if (this.options.unref) server.unref();
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off("error", reject);
        const a = server.address();
        if (a === null || typeof a === "string") reject(new Error("no TCP address"));
        else resolve({ host: a.address, port: a.port });
      });
    });
  }

  /** Calls whose handler is running. */
  get inFlight(): number {
    return this.running.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** A handler started and has not settled yet. */
  started(): void {
    this.running.add();
  }

  /** A handler settled (a bound function: it is passed to `then` as it is). */
  readonly settled = this.running.done;

  /** A connection closed: forget it, and abort the handlers still running for it. */
  closed(state: S): void {
    this.connections.delete(state);
    for (const c of state.calls.values()) c.abort(new Error("connection closed"));
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    if (this.options.unref) socket.unref();
    this.connections.add(this.open(socket));
  }

  /**
   * Graceful shutdown: stop accepting, `announce` it on every connection (a protocol that
   * can tell its consumers to go elsewhere does), let running calls finish for up to
   * `graceMs` (their answers still go out), then close every connection; calls still
   * running see their signal abort.
   */
  async close(graceMs: number, announce?: (state: S) => void): Promise<void> {
    this.closing = true;
    const server = this.server;
    const stopped =
      server === undefined ? Promise.resolve() : new Promise<void>((resolve) => server.close(() => resolve()));
    if (announce !== undefined) for (const c of this.connections) announce(c);
    await this.running.drained(graceMs);
    const closed = [...this.connections].map(
      (c) =>
        new Promise<void>((resolve) => {
          // end() flushes the last responses; a peer that never closes its side is cut off.
          const force = setTimeout(() => c.framed.destroy(), 1000);
          c.framed.socket.once("close", () => {
            clearTimeout(force);
            resolve();
          });
          c.framed.end();
        }),
    );
    await Promise.all([stopped, ...closed]);
  }
}
