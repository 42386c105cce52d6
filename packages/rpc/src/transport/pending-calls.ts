import { RpcError } from "../errors.js";

/**
 * A call waiting for its response. One object per call, no closures: the deadline is kept
 * by its connection's single deadline timer (see `PendingCalls`), the abort listener
 * exists only when the caller gave a signal.
 */
export class PendingCall<R> {
  /** The request id as a number (number keys hash faster than bigint ones). */
  readonly id: number;
  readonly deadline: number | undefined;
  /** The time the call was given when it was made, for the DEADLINE_EXCEEDED message. */
  readonly budget: number;
  readonly resolve: (response: R) => void;
  readonly reject: (error: RpcError) => void;
  /** Own timer, only for a deadline earlier than the connection's latest (rare). */
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;

  constructor(
    id: number,
    deadline: number | undefined,
    resolve: (response: R) => void,
    reject: (error: RpcError) => void,
  ) {
    this.id = id;
    this.deadline = deadline;
    this.budget = deadline === undefined ? 0 : deadline - Date.now();
    this.resolve = resolve;
    this.reject = reject;
  }
}

/**
 * The calls of one client connection that wait for a response, by request id, and their
 * deadlines. Every call settles exactly once: response, deadline (DEADLINE_EXCEEDED), abort
 * (CANCELLED) or connection close. Dubbo and Bolt multiplex calls the same way; only the
 * frames differ.
 */
export class PendingCalls<R> {
  private readonly pending = new Map<number, PendingCall<R>>();
  /**
   * Calls whose deadline is no earlier than that of every call queued before them, in
   * deadline order (Map order is insertion order). With one default timeout that is every
   * call, and one timer per connection, armed for the head, replaces a timer per call.
   */
  private readonly byDeadline = new Map<number, PendingCall<R>>();
  private lastDeadline = Number.NEGATIVE_INFINITY;
  private deadlineTimer: NodeJS.Timeout | undefined;
  /** When the deadline timer fires (it may be armed for a call that already settled). */
  private armedFor = Number.POSITIVE_INFINITY;
  private readonly onDeadlineTimer = (): void => this.expire();

  get size(): number {
    return this.pending.size;
  }

  /**
   * Registers a call about to be written, with its deadline and abort listener. False when
   * its deadline has already passed: it is then rejected and must not be written.
   */
  add(call: PendingCall<R>, signal: AbortSignal | undefined): boolean {
    const deadline = call.deadline;
    if (deadline !== undefined) {
      // Measured from now, not from when the call was made: waiting for the connection may
      // have used part of the budget, and the provider counts from the timeout we send.
      const left = deadline - Date.now();
      if (left <= 0) {
        call.reject(new RpcError("DEADLINE_EXCEEDED", "deadline passed before the request was sent"));
        return false;
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
    return true;
  }

  /**
   * Settles the call `id` with its response; false when no call waits for it (late after
   * its deadline, or a confused peer).
   */
  settle(id: number, response: R): boolean {
    const call = this.take(id);
    if (call === undefined) return false;
    // A response that lands after the deadline (its timer not yet run in this turn of the
    // event loop) is late: the caller was promised an answer by then or DEADLINE_EXCEEDED.
    if (call.deadline !== undefined && Date.now() >= call.deadline) {
      call.reject(new RpcError("DEADLINE_EXCEEDED", `no response within ${call.budget} ms`));
    } else {
      call.resolve(response);
    }
    return true;
  }

  /** Removes a pending call and its timer and listener; a late response is then "unknown". */
  take(id: number): PendingCall<R> | undefined {
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

  /**
   * The connection closed: every call still pending fails at once (the caller never waits
   * for a deadline to learn that its connection is gone), with an error that says why.
   */
  rejectAll(error: Error | undefined): void {
    const calls: PendingCall<R>[] = [];
    for (const id of [...this.pending.keys()]) {
      const c = this.take(id);
      if (c !== undefined) calls.push(c);
    }
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    // Codec errors carry a `reason`: the peer sent bytes we could not read.
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
  }

  private timeOut(call: PendingCall<R>): void {
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
}
