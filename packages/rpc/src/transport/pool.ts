import { RpcError } from "../errors.js";

/** What the pool needs of a connection, whatever its protocol. */
export interface PooledConnection {
  /** Open and accepting new calls. */
  readonly usable: boolean;
  readonly isClosed: boolean;
  /** Calls waiting for a response on it. */
  readonly inFlight: number;
  /** Registers a callback for when it closes (called once). */
  onClose(callback: () => void): void;
  /** Half-close after pending writes. */
  close(): void;
  /** Close now; pending calls see `error`. */
  destroy(error?: Error): void;
}

export interface GenericPoolOptions<C extends PooledConnection> {
  /** Sockets to the address; calls spread round-robin. */
  readonly connections: number;
  readonly connectTimeoutMs: number;
  /** First reconnect delay after a failure; doubles per failure up to `maxBackoffMs`. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** `host:port`, for messages. */
  readonly address: string;
  /** Opens one connection within `timeoutMs`; rejects with RpcError UNAVAILABLE when it cannot. */
  readonly connect: (timeoutMs: number) => Promise<C>;
}

interface Slot<C> {
  conn: C | undefined;
  connecting: Promise<C> | undefined;
  failures: number;
  retryAt: number;
}

/**
 * Protocol-neutral connections to one address (used by Bolt; the same policy as Dubbo's
 * pool). Connections open lazily; a broken one is replaced on the next call after an
 * exponential backoff with jitter, so a restarting provider is not hammered. Waiting for a
 * backoff or a connect never outlives the call's deadline or its abort signal.
 */
export class GenericPool<C extends PooledConnection> {
  private readonly options: GenericPoolOptions<C>;
  private readonly slots: Slot<C>[];
  private next = 0;
  private closed = false;
  private readonly waits = new Set<() => void>();

  constructor(options: GenericPoolOptions<C>) {
    this.options = options;
    this.slots = Array.from({ length: Math.max(1, options.connections) }, () => ({
      conn: undefined,
      connecting: undefined,
      failures: 0,
      retryAt: 0,
    }));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A usable connection: a live one round-robin, else opens (or waits for) one. */
  async acquire(deadline: number | undefined, signal: AbortSignal | undefined): Promise<C> {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[(this.next + i) % this.slots.length] as Slot<C>;
      if (slot.conn?.usable) {
        this.next = (this.next + i + 1) % this.slots.length;
        return slot.conn;
      }
    }
    const slot = this.slots[this.next] as Slot<C>;
    this.next = (this.next + 1) % this.slots.length;
    for (;;) {
      if (this.closed) throw new RpcError("CLIENT_CLOSED", "client is closed");
      if (signal?.aborted) throw new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason });
      if (slot.conn?.usable) return slot.conn;
      if (slot.connecting === undefined) {
        const wait = slot.retryAt - Date.now();
        if (wait > 0) {
          if (deadline !== undefined && Date.now() + wait >= deadline) {
            await this.sleep(deadline - Date.now(), signal);
            throw new RpcError(
              "DEADLINE_EXCEEDED",
              `deadline passed while waiting to reconnect to ${this.options.address}`,
            );
          }
          await this.sleep(wait, signal);
          continue;
        }
        slot.connecting = this.open(slot, deadline);
      }
      return await slot.connecting;
    }
  }

  private async open(slot: Slot<C>, deadline: number | undefined): Promise<C> {
    const o = this.options;
    const left = deadline === undefined ? o.connectTimeoutMs : Math.min(o.connectTimeoutMs, deadline - Date.now());
    try {
      if (left <= 0) throw new RpcError("DEADLINE_EXCEEDED", "deadline passed before a connection was made");
      const conn = await o.connect(left);
      if (this.closed) {
        conn.destroy();
        throw new RpcError("CLIENT_CLOSED", "client is closed");
      }
      slot.failures = 0;
      slot.conn = conn;
      conn.onClose(() => {
        if (slot.conn === conn) slot.conn = undefined;
      });
      return conn;
    } catch (e) {
      if (e instanceof RpcError && e.code === "UNAVAILABLE") {
        slot.failures++;
        const base = Math.min(o.maxBackoffMs, o.initialBackoffMs * 2 ** (slot.failures - 1));
        slot.retryAt = Date.now() + base / 2 + Math.random() * (base / 2);
      }
      throw e;
    } finally {
      slot.connecting = undefined;
    }
  }

  private sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.waits.delete(done);
        resolve();
      };
      const onAbort = () => {
        done();
        reject(new RpcError("CANCELLED", "call aborted by the caller", { cause: signal?.reason }));
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waits.add(done);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Closes every connection: idle ones gracefully, busy ones at once with `error`. */
  async close(error: RpcError): Promise<void> {
    this.closed = true;
    for (const w of [...this.waits]) w();
    const closing: Promise<void>[] = [];
    for (const slot of this.slots) {
      const conn = slot.conn ?? (await slot.connecting?.catch(() => undefined));
      slot.conn = undefined;
      if (conn === undefined || conn.isClosed) continue;
      closing.push(
        new Promise<void>((resolve) => {
          conn.onClose(resolve);
          if (conn.inFlight > 0) conn.destroy(error);
          else conn.close();
        }),
      );
    }
    await Promise.all(closing);
  }
}
