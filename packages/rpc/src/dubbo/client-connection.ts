import { connect as netConnect } from "node:net";
import type { DecodeError, DecodeLimits } from "@tribridge/core";
import {
  type DubboHeader,
  type DubboMessage,
  heartbeatResponse,
  READONLY_EVENT,
  statusName,
  WRITEABLE_EVENT,
} from "@tribridge/dubbo";
import { RpcError } from "../errors.js";
import { FramedSocket } from "./framed-socket.js";

/**
 * A call waiting for its response. One object per call, no closures: the deadline is kept
 * by the connection's single deadline timer (see `ClientConnection`), the abort listener
 * exists only when the caller gave a signal.
 */
export class PendingCall {
  /** The request id as a number: our ids stay below 2^53, and number keys hash faster than bigint ones. */
  readonly id: number;
  readonly deadline: number | undefined;
  readonly sentAt: number;
  readonly resolve: (msg: DubboMessage) => void;
  readonly reject: (error: RpcError) => void;
  /** Own timer, only for a deadline earlier than the connection's latest (rare). */
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;

  constructor(
    id: number,
    deadline: number | undefined,
    resolve: (msg: DubboMessage) => void,
    reject: (error: RpcError) => void,
  ) {
    this.id = id;
    this.deadline = deadline;
    this.sentAt = Date.now();
    this.resolve = resolve;
    this.reject = reject;
  }
}

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
  readonly maxBodyLength: number;
  readonly limits?: Partial<DecodeLimits>;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  /** Responses whose id matches no call (late after a deadline, or a confused peer). */
  readonly onUnknownResponse: (id: bigint) => void;
}

/**
 * One client socket multiplexing calls by request id. When it closes, every call still
 * pending on it is rejected at once: the caller never waits for a deadline to learn that
 * its connection is gone.
 */
export class ClientConnection {
  readonly framed: FramedSocket;
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
  private readonly options: ConnectionOptions;
  /** The provider said it is going down (read-only event): send no new calls here. */
  readonly = false;
  closeHandlers: ((conn: ClientConnection) => void)[] = [];

  private constructor(framed: (c: ClientConnection) => FramedSocket, options: ConnectionOptions) {
    this.options = options;
    this.framed = framed(this);
  }

  static connect(options: ConnectionOptions, timeoutMs: number): Promise<ClientConnection> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: options.host, port: options.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new RpcError("UNAVAILABLE", `connect to ${options.host}:${options.port} timed out after ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const onError = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new RpcError("UNAVAILABLE", `cannot connect to ${options.host}:${options.port}: ${e.message}`, { cause: e }),
        );
      };
      socket.once("error", onError);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.off("error", onError);
        const conn = new ClientConnection(
          (c) =>
            new FramedSocket(socket, {
              maxBodyLength: options.maxBodyLength,
              ...(options.limits === undefined ? {} : { limits: options.limits }),
              heartbeatMs: options.heartbeatMs,
              idleTimeoutMs: options.idleTimeoutMs,
              onMessage: (m) => c.onMessage(m),
              onFrameError: (e, h) => c.onFrameError(e, h),
              onClose: (e) => c.onClose(e),
            }),
          options,
        );
        resolve(conn);
      });
    });
  }

  get usable(): boolean {
    return !this.framed.isClosed && !this.readonly;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Writes a one-way request: nothing will answer it. */
  sendOneWay(frame: Uint8Array): void {
    if (this.framed.isClosed)
      throw new RpcError("CONNECTION_CLOSED", "connection closed before the request was written");
    this.framed.write(frame);
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
    const deadline = call.deadline;
    if (deadline !== undefined) {
      // Measured from now, not from when the call was made: waiting for the connection may
      // have used part of the budget, and the provider counts from the timeout we send.
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
    // An empty queue takes any deadline again (the armed timer is re-armed if it is late),
    // and the timer stops holding the process open: it now only guards calls long settled.
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
    call.reject(new RpcError("DEADLINE_EXCEEDED", `no response within ${(call.deadline ?? 0) - call.sentAt} ms`));
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

  private onMessage(msg: DubboMessage): void {
    if (msg.type === "event") {
      if (msg.request) {
        if (msg.twoWay) this.framed.send(heartbeatResponse(msg.id));
        if (msg.data === READONLY_EVENT) this.readonly = true;
        else if (msg.data === WRITEABLE_EVENT) this.readonly = false;
      }
      return;
    }
    if (msg.type === "request") return; // Providers do not call consumers back over Dubbo 2.
    // An id beyond 2^53 (never ours) becomes a number no pending call has.
    const call = this.take(Number(msg.id));
    if (call === undefined) {
      this.options.onUnknownResponse(msg.id);
      return;
    }
    // A response that lands after the deadline (its timer not yet run in this turn of the
    // event loop) is late: the caller was promised an answer by then or DEADLINE_EXCEEDED.
    if (call.deadline !== undefined && Date.now() >= call.deadline) {
      call.reject(new RpcError("DEADLINE_EXCEEDED", `no response within ${call.deadline - call.sentAt} ms`));
      return;
    }
    call.resolve(msg);
  }

  private onFrameError(error: DecodeError, header: DubboHeader): void {
    if (header.request) return;
    const call = this.take(Number(header.requestId));
    if (call === undefined) return;
    call.reject(
      new RpcError("PROTOCOL_ERROR", `response could not be decoded: ${error.message}`, {
        cause: error,
        status: 90,
        statusName: statusName(90),
      }),
    );
  }

  private onClose(error: Error | undefined): void {
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
    for (const h of this.closeHandlers) h(this);
  }
}
