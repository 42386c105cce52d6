import type { Socket } from "node:net";
import type { DecodeLimits } from "@tribridge/core";
import {
  DEFAULT_PAYLOAD_LIMIT,
  type DubboHeader,
  type DubboMessage,
  HESSIAN2_SERIALIZATION_ID,
  heartbeatResponse,
  READONLY_EVENT,
  STATUS,
} from "@tribridge/dubbo";
import type { MethodDefinition, ServerTransport, ServiceId } from "../invocation.js";
import { ServiceRegistry } from "../registry.js";
import { FramedServer } from "../transport/framed-server.js";
import { Dispatcher } from "./dispatch.js";
import { DubboSocket } from "./framed-socket.js";
import type { DubboServerCall } from "./server-call.js";

export interface DubboServerOptions {
  readonly host?: string;
  /** 0 (default) picks a free port; `listen()` reports it. */
  readonly port?: number;
  /** Largest request body accepted and response body sent (Dubbo `payload`, 8 MiB). */
  readonly maxBodyLength?: number;
  readonly limits?: Partial<DecodeLimits>;
  /** Close connections that sent nothing for this long (Dubbo: 3 × 60 s heartbeat); 0 = never. */
  readonly idleTimeoutMs?: number;
  /** Calls running at once per connection before answering SERVER_THREADPOOL_EXHAUSTED_ERROR. */
  readonly maxConcurrentCallsPerConnection?: number;
  readonly maxConnections?: number;
  /** Do not keep the process alive for this server (benchmarks, embedded use). */
  readonly unref?: boolean;
}

export interface ServerConnectionState {
  readonly framed: DubboSocket;
  /** Calls whose handler is still running (handlers that answered synchronously never appear). */
  readonly calls: Map<bigint, DubboServerCall>;
}

/**
 * A Dubbo 2 provider: handlers registered by interface, version and group, dispatched by
 * method and parameter types, generic `$invoke` accepted, heartbeats answered.
 */
export class DubboServer implements ServerTransport {
  readonly registry = new ServiceRegistry();
  private readonly options: Required<Omit<DubboServerOptions, "limits">> & {
    readonly limits: Partial<DecodeLimits> | undefined;
  };
  private readonly server: FramedServer<ServerConnectionState>;
  private readonly dispatcher: Dispatcher;

  constructor(options: DubboServerOptions = {}) {
    this.options = {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
      maxBodyLength: options.maxBodyLength ?? DEFAULT_PAYLOAD_LIMIT,
      limits: options.limits,
      idleTimeoutMs: options.idleTimeoutMs ?? 180_000,
      maxConcurrentCallsPerConnection: options.maxConcurrentCallsPerConnection ?? 10_000,
      maxConnections: options.maxConnections ?? 10_000,
      unref: options.unref ?? false,
    };
    this.server = new FramedServer(this.options, (s) => this.accept(s));
    this.dispatcher = new Dispatcher(this.registry, this.options.maxBodyLength, this.server.settled);
  }

  addService(service: ServiceId, methods: readonly MethodDefinition[]): void {
    this.registry.add(service, methods);
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

  private accept(socket: Socket): ServerConnectionState {
    const calls = new Map<bigint, DubboServerCall>();
    const state: ServerConnectionState = {
      calls,
      framed: new DubboSocket(socket, {
        maxBodyLength: this.options.maxBodyLength,
        ...(this.options.limits === undefined ? {} : { limits: this.options.limits }),
        heartbeatMs: 0,
        idleTimeoutMs: this.options.idleTimeoutMs,
        onMessage: (m) => this.onMessage(state, m),
        onFrameError: (e, h) => this.reject(state, h, e.message),
        onClose: () => this.server.closed(state),
      }),
    };
    return state;
  }

  /** A request that cannot be decoded still gets an answer: status BAD_REQUEST for its id. */
  private reject(state: ServerConnectionState, h: DubboHeader, message: string): void {
    if (!h.request || h.event || !h.twoWay) return;
    const why = h.serializationId === HESSIAN2_SERIALIZATION_ID ? `Fail to decode request due to: ${message}` : message;
    state.framed.sendError(h.requestId, STATUS.BAD_REQUEST, why);
  }

  private onMessage(state: ServerConnectionState, msg: DubboMessage): void {
    if (msg.type === "event") {
      if (msg.request && msg.twoWay) state.framed.send(heartbeatResponse(msg.id));
      return;
    }
    if (msg.type !== "request") return; // consumers send no responses on Dubbo 2
    if (state.calls.size >= this.options.maxConcurrentCallsPerConnection) {
      if (msg.twoWay) {
        state.framed.sendError(
          msg.id,
          STATUS.SERVER_THREADPOOL_EXHAUSTED_ERROR,
          `more than ${this.options.maxConcurrentCallsPerConnection} calls in flight on this connection`,
        );
      }
      return;
    }
    // A handler that answers synchronously is done when dispatch returns; one that returns a
    // promise stays in state.calls (and in `inFlight`) until the dispatcher reports it settled.
    if (this.dispatcher.dispatch(state, msg) !== undefined) this.server.started();
  }

  /**
   * Graceful shutdown: stop accepting, tell every consumer we are read-only (Dubbo's
   * READONLY event, so Java consumers route elsewhere), let running calls finish for up to
   * `graceMs`, then close every connection (calls still running see their signal abort).
   */
  close(options?: { readonly graceMs?: number }): Promise<void> {
    return this.server.close(options?.graceMs ?? 10_000, (c) =>
      c.framed.send({ type: "event", id: 0n, request: true, twoWay: false, status: 0, data: READONLY_EVENT }),
    );
  }
}
