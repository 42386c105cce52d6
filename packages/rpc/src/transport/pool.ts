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
  /**
   * Reopen a pooled connection in the background when it drops (after the same backoff), so
   * the next call finds it open. Bounded: after this many background attempts with no call
   * in between, the slot waits for the next call to reconnect (0, the default = never in
   * the background).
   */
  readonly maxBackgroundReconnects?: number;
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
  /** Background reconnect attempts since a call last used this slot. */
  background: number;
  reconnectTimer: NodeJS.Timeout | undefined;
}

/**
 * Protocol-neutral connections to one address (Dubbo's and Bolt's). Connections open
 * lazily; a broken one is replaced after an exponential backoff with jitter, so a
 * restarting provider is not hammered: in the background when `maxBackgroundReconnects`
 * allows (so the next call does not pay for the connect), else on the next call. Waiting
 * for a backoff or a connect never outlives the call's deadline or its abort signal.
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
      background: 0,
      reconnectTimer: undefined,
    }));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * A usable connection in round-robin order, without waiting: with one at hand a call is
   * written at once, with no hop through a promise before the write.
   */
  live(): C | undefined {
    const n = this.slots.length;
    for (let i = 0; i < n; i++) {
      const at = (this.next + i) % n;
      const slot = this.slots[at] as Slot<C>;
      const conn = slot.conn;
      if (conn?.usable) {
        this.next = (at + 1) % n;
        slot.background = 0;
        return conn;
      }
    }
    return undefined;
  }

  /** A usable connection: a live one round-robin, else opens (or waits for) one. */
  async acquire(deadline: number | undefined, signal: AbortSignal | undefined): Promise<C> {
    const live = this.live();
    if (live !== undefined) return live;
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
        this.reconnectLater(slot);
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

  /** Schedules one background reconnect of `slot` after its backoff (see `maxBackgroundReconnects`). */
  private reconnectLater(slot: Slot<C>): void {
    const o = this.options;
    if (this.closed || slot.reconnectTimer !== undefined || slot.background >= (o.maxBackgroundReconnects ?? 0)) return;
    const base = Math.min(o.maxBackoffMs, o.initialBackoffMs * 2 ** (slot.failures + slot.background));
    const delay = Math.max(slot.retryAt - Date.now(), base / 2 + Math.random() * (base / 2));
    slot.reconnectTimer = setTimeout(() => {
      slot.reconnectTimer = undefined;
      if (this.closed || slot.conn?.usable || slot.connecting !== undefined) return;
      slot.background++;
      const opening = this.open(slot, undefined);
      slot.connecting = opening;
      // A failed attempt tries again (bounded); a success re-arms through its close handler.
      opening.catch(() => this.reconnectLater(slot));
    }, delay);
    // Reconnecting is no reason to keep the process alive.
    slot.reconnectTimer.unref();
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
    for (const slot of this.slots) {
      if (slot.reconnectTimer !== undefined) clearTimeout(slot.reconnectTimer);
      slot.reconnectTimer = undefined;
    }
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
