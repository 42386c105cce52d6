import type { ServerCall, ServiceId } from "../invocation.js";

/**
 * One running call on the server, and the ServerCall its handler sees; the protocol adds
 * how its request attachments become a record. The AbortSignal and the deadline timer
 * behind it are made only when the handler reads `signal`: most handlers never do, and an
 * AbortController plus a timer per call were the largest fixed cost of a small call. A call
 * aborted (connection closed, shutdown) before anyone looked hands out an already-aborted
 * signal; one whose deadline passed before it was looked at aborts at once.
 */
export abstract class BaseServerCall implements ServerCall {
  readonly service: ServiceId;
  readonly method: string;
  readonly parameterTypes: readonly string[];
  readonly args: readonly unknown[];
  readonly responseAttachments: Record<string, unknown> = {};
  readonly deadline: number | undefined;
  readonly remoteAddress: string | undefined;
  abstract readonly generic: boolean;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private abortReason: unknown;
  private aborted = false;
  private finished = false;

  constructor(
    service: ServiceId,
    method: string,
    parameterTypes: readonly string[],
    args: readonly unknown[],
    deadline: number | undefined,
    remoteAddress: string | undefined,
  ) {
    this.service = service;
    this.method = method;
    this.parameterTypes = parameterTypes;
    this.args = args;
    this.deadline = deadline;
    this.remoteAddress = remoteAddress;
  }

  /** The request attachments as a record, made when first read. */
  abstract get attachments(): Readonly<Record<string, unknown>>;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.aborted) controller.abort(this.abortReason);
      else if (this.deadline !== undefined && !this.finished) {
        const left = this.deadline - Date.now();
        if (left <= 0) this.abort(new Error("deadline passed"));
        else this.timer = setTimeout(() => this.abort(new Error("deadline passed")), left);
      }
    }
    return this.controller.signal;
  }

  /** Connection closed, forced shutdown or deadline: the handler's signal aborts (now or when read). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.clearTimer();
    this.controller?.abort(reason);
  }

  /** The handler is done: its deadline timer (if any) goes. */
  finish(): void {
    this.finished = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
