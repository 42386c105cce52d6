import type { Socket } from "node:net";
import {
  type BoltHead,
  CMD_HEARTBEAT,
  CMD_REQUEST,
  DEFAULT_MAX_BODY_LENGTH,
  type DecodedFrame,
  heartbeatResponse,
  STATUS,
  TYPE_ONEWAY,
} from "@tribridge/bolt";
import type { DecodeLimits } from "@tribridge/core";
import type { Dialect } from "@tribridge/hessian2";
import type { MethodDefinition, ServerTransport, ServiceId } from "../invocation.js";
import { ServiceRegistry } from "../registry.js";
import { FramedServer } from "../transport/framed-server.js";
import { dispatch, sendStatus } from "./dispatch.js";
import { BoltSocket } from "./framed-socket.js";
import type { BoltServerCall } from "./server-call.js";

export interface BoltServerOptions {
  readonly host?: string;
  /** 0 (default) picks a free port; `listen()` reports it. */
  readonly port?: number;
  /** Largest class + header + content accepted and sent (default 8 MiB). */
  readonly maxBodyLength?: number;
  readonly limits?: Partial<DecodeLimits>;
  /** Close connections that sent nothing for this long (Bolt server: 90 s); 0 = never. */
  readonly idleTimeoutMs?: number;
  /** Calls running at once per connection before answering SERVER_THREADPOOL_BUSY. */
  readonly maxConcurrentCallsPerConnection?: number;
  readonly maxConnections?: number;
  /** Dialect of Bolt-level error payloads when the request's own could not be read (default hessian3). */
  readonly fallbackDialect?: Dialect;
  /** Do not keep the process alive for this server. */
  readonly unref?: boolean;
}

export interface BoltConnectionState {
  readonly framed: BoltSocket;
  /** Calls whose handler is still running (returned a promise), by request id. */
  readonly calls: Map<number, BoltServerCall>;
}

export interface ResolvedBoltServerOptions {
  readonly maxBodyLength: number;
  readonly limits: Partial<DecodeLimits> | undefined;
  readonly fallbackDialect: Dialect;
}

/**
 * A SOFARPC provider over Bolt (v1 and v2, CRC checked when present). Services are keyed by
 * interface, version (SOFARPC's default `1.0` when none is given) and unique id (the
 * ServiceId `group`); each request is answered in the Hessian dialect and Bolt protocol it
 * arrived in. Heartbeats are answered, idle connections closed.
 */
export class BoltServer implements ServerTransport {
  readonly registry = new ServiceRegistry();
  private readonly options: ResolvedBoltServerOptions & {
    readonly host: string;
    readonly port: number;
    readonly idleTimeoutMs: number;
    readonly maxConcurrent: number;
    readonly maxConnections: number;
    readonly unref: boolean;
  };
  private readonly server: FramedServer<BoltConnectionState>;

  constructor(options: BoltServerOptions = {}) {
    this.options = {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
      maxBodyLength: options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH,
      limits: options.limits,
      idleTimeoutMs: options.idleTimeoutMs ?? 90_000,
      maxConcurrent: options.maxConcurrentCallsPerConnection ?? 10_000,
      maxConnections: options.maxConnections ?? 10_000,
      fallbackDialect: options.fallbackDialect ?? "hessian3",
      unref: options.unref ?? false,
    };
    this.server = new FramedServer(this.options, (s) => this.accept(s));
  }

  /** Registers a service; a missing version means SOFARPC's default `1.0`. */
  addService(service: ServiceId, methods: readonly MethodDefinition[]): void {
    this.registry.add({ ...service, version: service.version || "1.0" }, methods);
  }

  listen(): Promise<{ host: string; port: number }> {
    return this.server.listen();
  }

  /** Calls whose handler is running. */
  get inFlight(): number {
    return this.server.inFlight;
  }

  get connectionCount(): number {
    return this.server.connectionCount;
  }

  private accept(socket: Socket): BoltConnectionState {
    const calls = new Map<number, BoltServerCall>();
    const state: BoltConnectionState = {
      calls,
      framed: new BoltSocket(socket, {
        maxBodyLength: this.options.maxBodyLength,
        heartbeatMs: 0,
        idleTimeoutMs: this.options.idleTimeoutMs,
        onFrame: (f) => this.onFrame(state, f),
        onOversize: (head) => this.onOversize(state, head),
        onClose: () => this.server.closed(state),
      }),
    };
    return state;
  }

  private onOversize(state: BoltConnectionState, head: BoltHead): void {
    if (head.type === TYPE_ONEWAY || head.type === 0) return;
    sendStatus(
      state,
      head,
      STATUS.CODEC_EXCEPTION,
      `request of ${head.classLength + head.headerLength + head.contentLength} bytes exceeds ${this.options.maxBodyLength}`,
      this.options,
    );
  }

  private onFrame(state: BoltConnectionState, f: DecodedFrame): void {
    if (f.type === 0) return; // clients send no responses on SOFARPC (heartbeat acks aside)
    if (f.cmdCode === CMD_HEARTBEAT) {
      if (f.type !== TYPE_ONEWAY) state.framed.send(heartbeatResponse(f.requestId, f, f.codec));
      return;
    }
    if (f.cmdCode !== CMD_REQUEST) {
      if (f.type !== TYPE_ONEWAY)
        sendStatus(state, f, STATUS.NO_PROCESSOR, `no processor for command code ${f.cmdCode}`, this.options);
      return;
    }
    if (state.calls.size >= this.options.maxConcurrent) {
      if (f.type !== TYPE_ONEWAY) {
        sendStatus(
          state,
          f,
          STATUS.SERVER_THREADPOOL_BUSY,
          `more than ${this.options.maxConcurrent} calls in flight on this connection`,
          this.options,
        );
      }
      return;
    }
    const server = this.server;
    server.started();
    const pending = dispatch(this.registry, state, f, this.options);
    if (pending === undefined) server.settled();
    else pending.then(server.settled, server.settled);
  }

  /**
   * Graceful shutdown: stop accepting, let running calls finish for up to `graceMs` (their
   * answers still go out), then close every connection; calls still running see their
   * signal abort. Bolt has no "going read-only" event, so consumers learn from the close.
   */
  close(options?: { readonly graceMs?: number }): Promise<void> {
    return this.server.close(options?.graceMs ?? 10_000);
  }
}
