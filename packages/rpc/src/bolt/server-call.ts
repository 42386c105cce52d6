import type { JavaMap } from "@tribridge/hessian2";
import type { ServerCall, ServiceId } from "../invocation.js";
import { propsToRecord } from "./values.js";

/**
 * One running SOFARPC call on the server, and the ServerCall its handler sees. As on the
 * Dubbo side, the AbortSignal and the deadline timer behind it are made only when the
 * handler reads `signal`, and the request props become a record only when read: an
 * AbortController and a timer per call were the largest fixed cost of a small call. A call
 * aborted before anyone looked hands out an already-aborted signal.
 */
export class BoltServerCall implements ServerCall {
  readonly service: ServiceId;
  readonly method: string;
  readonly parameterTypes: readonly string[];
  readonly args: readonly unknown[];
  readonly responseAttachments: Record<string, unknown> = {};
  readonly deadline: number | undefined;
  readonly generic = false;
  readonly remoteAddress: string | undefined;
  private readonly props: JavaMap | null;
  private record: Readonly<Record<string, unknown>> | undefined;
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
    props: JavaMap | null,
    deadline: number | undefined,
    remoteAddress: string | undefined,
  ) {
    this.service = service;
    this.method = method;
    this.parameterTypes = parameterTypes;
    this.args = args;
    this.props = props;
    this.deadline = deadline;
    this.remoteAddress = remoteAddress;
  }

  get attachments(): Readonly<Record<string, unknown>> {
    this.record ??= propsToRecord(this.props);
    return this.record;
  }

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

  /** Connection closed, shutdown or deadline: the handler's signal aborts (now or when read). */
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
