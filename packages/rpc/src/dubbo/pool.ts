import type { DecodeLimits } from "@tribridge/core";
import type { DubboMessage } from "@tribridge/dubbo";
import { RpcError } from "../errors.js";
import { ClientConnection, PendingCall } from "./client-connection.js";

export interface PoolOptions {
  readonly host: string;
  readonly port: number;
  /** Sockets to the address; calls are spread round-robin (default 1: Dubbo shares one). */
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly maxBodyLength: number;
  readonly limits?: Partial<DecodeLimits>;
  /** Heartbeat after this much silence (Dubbo: 60 s); 0 disables. */
  readonly heartbeatMs: number;
  /** Close a connection that read nothing for this long (Dubbo: 3 heartbeats). */
  readonly idleTimeoutMs: number;
  /** First reconnect delay after a failure; doubles per failure up to `maxBackoffMs`. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /**
   * Reopen a pooled connection in the background when it drops (after the same backoff), so
   * the next call finds it open. Bounded: after this many background attempts with no call
   * in between, the slot waits for the next call to reconnect (0 = never in the background).
   */
  readonly maxBackgroundReconnects: number;
  readonly onUnknownResponse: (id: bigint) => void;
  /** Do not keep the process alive for these sockets. */
  readonly unref?: boolean;
}

interface Slot {
  conn: ClientConnection | undefined;
  connecting: Promise<ClientConnection> | undefined;
  failures: number;
  retryAt: number;
  /** Background reconnect attempts since a call last used this slot. */
  background: number;
  reconnectTimer: NodeJS.Timeout | undefined;
}

/**
 * The connections to one address. Connections open lazily on the first call; one that
 * drops is reopened in the background after an exponential backoff with jitter (so a
 * restarting provider is not hammered and the next call does not pay for the connect),
 * or else on the next call. Waiting for a backoff or a connect never outlives the call's
 * deadline.
 */
export class ConnectionPool {
  private readonly options: PoolOptions;
  private readonly slots: Slot[];
  private next = 0;
  private closed = false;
  private readonly waits = new Set<() => void>();

  constructor(options: PoolOptions) {
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

  /**
   * Sends one request; resolves with its response (undefined for one-way once written).
   * With a live connection at hand nothing is awaited before the write.
   */
  call(
    id: number,
    frame: Uint8Array,
    deadline: number | undefined,
    signal: AbortSignal | undefined,
    oneWay: boolean,
  ): Promise<DubboMessage | undefined> {
    if (signal?.aborted) {
      return Promise.reject(new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason }));
    }
    const conn = this.live();
    if (conn !== undefined) return this.send(conn, id, frame, deadline, signal, oneWay);
    return this.acquire(deadline, signal).then((c) => {
      // The caller may have aborted while a connection was being found.
      if (signal?.aborted) throw new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason });
      return this.send(c, id, frame, deadline, signal, oneWay);
    });
  }

  private send(
    conn: ClientConnection,
    id: number,
    frame: Uint8Array,
    deadline: number | undefined,
    signal: AbortSignal | undefined,
    oneWay: boolean,
  ): Promise<DubboMessage | undefined> {
    if (oneWay) {
      try {
        conn.sendOneWay(frame);
      } catch (e) {
        return Promise.reject(e);
      }
      return Promise.resolve(undefined);
    }
    return new Promise<DubboMessage>((resolve, reject) => {
      conn.send(new PendingCall(id, deadline, resolve, reject), frame, signal);
    });
  }

  /** A usable connection in round-robin order, without waiting. */
  private live(): ClientConnection | undefined {
    const n = this.slots.length;
    for (let i = 0; i < n; i++) {
      const at = (this.next + i) % n;
      const slot = this.slots[at] as Slot;
      const conn = slot.conn;
      if (conn?.usable) {
        this.next = (at + 1) % n;
        slot.background = 0;
        return conn;
      }
    }
    return undefined;
  }

  private async acquire(deadline: number | undefined, signal: AbortSignal | undefined): Promise<ClientConnection> {
    // Prefer a live connection in round-robin order; only then open or wait for one.
    const live = this.live();
    if (live !== undefined) return live;
    const slot = this.slots[this.next] as Slot;
    this.next = (this.next + 1) % this.slots.length;
    for (;;) {
      if (this.closed) throw new RpcError("CLIENT_CLOSED", "client is closed");
      if (slot.conn?.usable) return slot.conn;
      if (slot.connecting === undefined) {
        const wait = slot.retryAt - Date.now();
        if (wait > 0) {
          if (deadline !== undefined && Date.now() + wait >= deadline) {
            await this.sleep(deadline - Date.now(), signal);
            throw new RpcError(
              "DEADLINE_EXCEEDED",
              `deadline passed while waiting to reconnect to ${this.options.host}:${this.options.port}`,
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

  private async open(slot: Slot, deadline: number | undefined): Promise<ClientConnection> {
    const o = this.options;
    const left = deadline === undefined ? o.connectTimeoutMs : Math.min(o.connectTimeoutMs, deadline - Date.now());
    try {
      if (left <= 0) throw new RpcError("DEADLINE_EXCEEDED", "deadline passed before a connection was made");
      const conn = await ClientConnection.connect(o, left);
      if (this.closed) {
        conn.destroy();
        throw new RpcError("CLIENT_CLOSED", "client is closed");
      }
      slot.failures = 0;
      slot.conn = conn;
      if (o.unref) conn.framed.socket.unref();
      conn.closeHandlers.push((c) => {
        if (slot.conn === c) slot.conn = undefined;
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
  private reconnectLater(slot: Slot): void {
    const o = this.options;
    if (this.closed || slot.reconnectTimer !== undefined || slot.background >= o.maxBackgroundReconnects) return;
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

  /** Closes every connection; calls still pending are rejected with `error`. */
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
      if (conn === undefined || conn.framed.isClosed) continue;
      closing.push(
        new Promise<void>((resolve) => {
          // end() waits for the peer's FIN; a peer that never reads is cut off after a second.
          const force = setTimeout(() => conn.destroy(), 1000);
          conn.closeHandlers.push(() => {
            clearTimeout(force);
            resolve();
          });
          if (conn.inFlight > 0) conn.destroy(error);
          else conn.close();
        }),
      );
    }
    await Promise.all(closing);
  }
}
