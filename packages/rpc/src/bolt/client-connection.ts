import { connect as netConnect } from "node:net";
import {
  CMD_HEARTBEAT,
  type DecodedFrame,
  heartbeatRequest,
  heartbeatResponse,
  type ProtocolFields,
  TYPE_RESPONSE,
} from "@tribridge/bolt";
import { RpcError } from "../errors.js";
import type { PooledConnection } from "../transport/pool.js";
import { BoltSocket } from "./framed-socket.js";

/**
 * A call waiting for its response. One object per call, no closures: the deadline is kept
 * by the connection's single deadline timer (see `BoltClientConnection`), the abort
 * listener exists only when the caller gave a signal.
 */
export class PendingCall {
  readonly id: number;
  readonly deadline: number | undefined;
  /** The timeout written into the request, for the DEADLINE_EXCEEDED message. */
  readonly budget: number;
  readonly resolve: (frame: DecodedFrame) => void;
  readonly reject: (error: RpcError) => void;
  /** Own timer, only for a deadline earlier than the connection's latest (rare). */
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;

  constructor(
    id: number,
    deadline: number | undefined,
    resolve: (frame: DecodedFrame) => void,
    reject: (error: RpcError) => void,
  ) {
    this.id = id;
    this.deadline = deadline;
    this.budget = deadline === undefined ? 0 : deadline - Date.now();
    this.resolve = resolve;
    this.reject = reject;
  }
}

export interface BoltConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyLength: number;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  /** Protocol code, version and switches of every frame we write. */
  readonly proto: ProtocolFields;
  readonly codec: number;
  /** Request ids are per client, shared by calls and heartbeats (as Bolt's IDGenerator). */
  readonly nextId: () => number;
  readonly onUnknownResponse: (id: number) => void;
  readonly unref: boolean;
}

/**
 * One client socket multiplexing calls by int32 request id. When it closes, every call
 * still pending on it is rejected at once, never left to its deadline.
 */
export class BoltClientConnection implements PooledConnection {
  readonly framed: BoltSocket;
  private readonly pending = new Map<number, PendingCall>();
  /**
   * Calls whose deadline is no earlier than that of every call queued before them, in
   * deadline order (Map order is insertion order). With one default timeout that is every
   * call, and one timer per connection, armed for the head, replaces a timer per call.
   */
  private readonly byDeadline = new Map<number, PendingCall>();
  private lastDeadline = Number.NEGATIVE_INFINITY;
  private deadlineTimer: NodeJS.Timeout | undefined;
  /** When the deadline timer fires (it may be armed for a call that already settled). */
  private armedFor = Number.POSITIVE_INFINITY;
  private readonly onDeadlineTimer = (): void => this.expire();
  private readonly heartbeats = new Set<number>();
  private readonly options: BoltConnectionOptions;
  private readonly closeCallbacks: (() => void)[] = [];

  private constructor(socket: import("node:net").Socket, options: BoltConnectionOptions) {
    this.options = options;
    this.framed = new BoltSocket(socket, {
      maxBodyLength: options.maxBodyLength,
      heartbeatMs: options.heartbeatMs,
      idleTimeoutMs: options.idleTimeoutMs,
      onHeartbeatDue: () => this.heartbeat(),
      onFrame: (f) => this.onFrame(f),
      onOversize: (head) => {
        this.fail(
          head.requestId,
          new RpcError("PROTOCOL_ERROR", `response ${head.requestId} exceeds ${options.maxBodyLength} bytes`),
        );
      },
      onClose: (e) => this.handleClose(e),
    });
  }

  static connect(options: BoltConnectionOptions, timeoutMs: number): Promise<BoltClientConnection> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: options.host, port: options.port });
      if (options.unref) socket.unref();
      const where = `${options.host}:${options.port}`;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RpcError("UNAVAILABLE", `connect to ${where} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new RpcError("UNAVAILABLE", `cannot connect to ${where}: ${e.message}`, { cause: e }));
      };
      socket.once("error", onError);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.off("error", onError);
        resolve(new BoltClientConnection(socket, options));
      });
    });
  }

  get usable(): boolean {
    return !this.framed.isClosed;
  }

  get isClosed(): boolean {
    return this.framed.isClosed;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  onClose(callback: () => void): void {
    if (this.framed.isClosed) callback();
    else this.closeCallbacks.push(callback);
  }

  /** Writes a one-way request: nothing will answer it, and a closed socket drops it. */
  sendOneWay(frame: Uint8Array): void {
    if (!this.framed.isClosed) this.framed.write(frame);
  }

  /**
   * Registers the call, then writes its frame. The call settles exactly once: response,
   * deadline (DEADLINE_EXCEEDED), abort (CANCELLED) or connection close.
   */
  send(call: PendingCall, frame: Uint8Array, signal: AbortSignal | undefined): void {
    if (this.framed.isClosed) {
      call.reject(new RpcError("CONNECTION_CLOSED", "connection closed before the request was written"));
      return;
    }
    if (signal?.aborted) {
      call.reject(new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason }));
      return;
    }
    const deadline = call.deadline;
    if (deadline !== undefined) {
      const left = deadline - Date.now();
      if (left <= 0) {
        call.reject(new RpcError("DEADLINE_EXCEEDED", "deadline passed before the request was sent"));
        return;
      }
      if (deadline >= this.lastDeadline) {
        this.lastDeadline = deadline;
        this.byDeadline.set(call.id, call);
        if (deadline < this.armedFor) this.armDeadlineTimer(left);
        else if (this.byDeadline.size === 1) this.deadlineTimer?.ref();
      } else {
        call.timer = setTimeout(() => this.timeOut(call), left);
      }
    }
    if (signal !== undefined) {
      call.signal = signal;
      call.onAbort = () => {
        if (this.take(call.id) === call) {
          call.reject(new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason }));
        }
      };
      signal.addEventListener("abort", call.onAbort, { once: true });
    }
    this.pending.set(call.id, call);
    this.framed.write(frame);
  }

  /** Removes a pending call and its timer and listener; a late response is then "unknown". */
  private take(id: number): PendingCall | undefined {
    const call = this.pending.get(id);
    if (call === undefined) return undefined;
    this.pending.delete(id);
    // An empty queue takes any deadline again, and the timer stops holding the process
    // open: it now only guards calls long settled.
    if (this.byDeadline.delete(id) && this.byDeadline.size === 0) {
      this.lastDeadline = Number.NEGATIVE_INFINITY;
      this.deadlineTimer?.unref();
    }
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.onAbort !== undefined) call.signal?.removeEventListener("abort", call.onAbort);
    return call;
  }

  private timeOut(call: PendingCall): void {
    if (this.take(call.id) !== call) return;
    call.reject(new RpcError("DEADLINE_EXCEEDED", `no response within ${call.budget} ms`));
  }

  private armDeadlineTimer(ms: number): void {
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.armedFor = Date.now() + ms;
    // Armed only when a call is queued: it holds the process open while calls wait, as a
    // timer per call would.
    this.deadlineTimer = setTimeout(this.onDeadlineTimer, Math.max(1, ms));
  }

  /** The deadline timer fired: fail every queued call whose deadline has passed, re-arm for the next. */
  private expire(): void {
    this.deadlineTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    for (const call of this.byDeadline.values()) {
      if ((call.deadline as number) > now) {
        this.armDeadlineTimer((call.deadline as number) - now);
        return;
      }
      this.timeOut(call);
    }
    this.lastDeadline = Number.NEGATIVE_INFINITY;
  }

  close(): void {
    this.framed.end();
  }

  destroy(error?: Error): void {
    this.framed.destroy(error);
  }

  private heartbeat(): void {
    // Three unanswered heartbeats in a row: the peer is gone even if TCP has not noticed.
    if (this.heartbeats.size >= 3) {
      this.destroy(new Error("3 heartbeats unanswered"));
      return;
    }
    const id = this.options.nextId();
    this.heartbeats.add(id);
    this.framed.send(heartbeatRequest(id, this.options.proto, this.options.codec));
  }

  private onFrame(f: DecodedFrame): void {
    if (f.cmdCode === CMD_HEARTBEAT) {
      if (f.type === TYPE_RESPONSE) this.heartbeats.clear();
      else this.framed.send(heartbeatResponse(f.requestId, f, f.codec)); // servers may probe too
      return;
    }
    if (f.type !== TYPE_RESPONSE) return; // Bolt servers do not call clients over SOFARPC
    const call = this.take(f.requestId);
    if (call === undefined) {
      this.options.onUnknownResponse(f.requestId);
      return;
    }
    // A response that lands after the deadline (its timer not yet run in this turn of the
    // event loop) is late: the caller was promised an answer by then or DEADLINE_EXCEEDED.
    if (call.deadline !== undefined && Date.now() >= call.deadline) {
      call.reject(new RpcError("DEADLINE_EXCEEDED", `no response within ${call.budget} ms`));
      return;
    }
    call.resolve(f);
  }

  private fail(id: number, error: RpcError): void {
    this.take(id)?.reject(error);
  }

  private handleClose(error: Error | undefined): void {
    const calls: PendingCall[] = [];
    for (const id of [...this.pending.keys()]) {
      const c = this.take(id);
      if (c !== undefined) calls.push(c);
    }
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const protocol = error !== undefined && (error as { reason?: unknown }).reason !== undefined;
    for (const c of calls) {
      c.reject(
        error instanceof RpcError
          ? error
          : protocol
            ? new RpcError("PROTOCOL_ERROR", `connection closed: ${error.message}`, { cause: error })
            : new RpcError(
                "CONNECTION_CLOSED",
                `connection closed with the call in flight${error ? `: ${error.message}` : ""}`,
                error === undefined ? undefined : { cause: error },
              ),
      );
    }
    for (const cb of this.closeCallbacks.splice(0)) cb();
  }
}
