import { EncodeError } from "@tribridge/core";
import {
  DEFAULT_PAYLOAD_LIMIT,
  DUBBO_VERSION,
  type DubboMessage,
  encodeFrame,
  GENERIC_INVOKE,
  javaArgs,
  type RequestMessage,
  statusName,
  toAttachments,
  toDescriptor,
} from "@tribridge/dubbo";
import { type HessianValue, toJs } from "@tribridge/hessian2";
import { RpcError } from "../errors.js";
import {
  type CallOptions,
  type ClientTransport,
  effectiveDeadline,
  type Invocation,
  normalizeVersion,
  type RpcResult,
  type ServiceId,
} from "../invocation.js";
import { remoteErrorFrom } from "./exceptions.js";
import { ConnectionPool, type PoolOptions } from "./pool.js";
import { attachmentsFrom, toGenericValue } from "./values.js";

export interface DubboClientOptions extends Partial<Omit<PoolOptions, "host" | "port" | "onUnknownResponse">> {
  readonly host?: string;
  readonly port: number;
  /** Default per-call timeout in ms (Dubbo's default is 1000; ours 3000). */
  readonly timeoutMs?: number;
  /** `application` attachment naming the caller. */
  readonly application?: string;
}

const GENERIC_TYPES = ["java.lang.String", "java.lang.String[]", "java.lang.Object[]"] as const;

/**
 * A Dubbo 2 consumer of one provider address: a small pool of multiplexed connections,
 * per-call deadlines, heartbeats, reconnect with backoff, graceful close.
 */
export class DubboClient implements ClientTransport {
  private readonly pool: ConnectionPool;
  private readonly timeoutMs: number;
  private readonly application: string | undefined;
  private readonly maxBodyLength: number;
  private nextId = 0n;
  private inFlight = 0;
  private closing = false;
  private drained: (() => void) | undefined;
  /** Responses that matched no pending call (late, or a confused peer). */
  unknownResponses = 0;

  constructor(options: DubboClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.application = options.application;
    this.maxBodyLength = options.maxBodyLength ?? DEFAULT_PAYLOAD_LIMIT;
    const heartbeatMs = options.heartbeatMs ?? 60_000;
    this.pool = new ConnectionPool({
      host: options.host ?? "127.0.0.1",
      port: options.port,
      connections: options.connections ?? 1,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      maxBodyLength: this.maxBodyLength,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      heartbeatMs,
      idleTimeoutMs: options.idleTimeoutMs ?? heartbeatMs * 3,
      initialBackoffMs: options.initialBackoffMs ?? 100,
      maxBackoffMs: options.maxBackoffMs ?? 5000,
      ...(options.unref === undefined ? {} : { unref: options.unref }),
      onUnknownResponse: () => {
        this.unknownResponses++;
      },
    });
  }

  /** A typed call; the result value is in the lossless Hessian model. */
  async invoke(inv: Invocation): Promise<RpcResult> {
    if (this.closing) throw new RpcError("CLIENT_CLOSED", "client is closed");
    const deadline = effectiveDeadline(inv, this.timeoutMs);
    const id = this.nextId;
    this.nextId = this.nextId === 0x7fff_ffff_ffff_ffffn ? 0n : this.nextId + 1n;
    const frame = this.encodeRequest(id, inv, deadline);
    this.inFlight++;
    try {
      const msg = await this.pool.call(id, frame, deadline, inv.signal, inv.oneWay === true);
      return msg === undefined ? { value: null, attachments: {} } : resultOf(msg);
    } finally {
      if (--this.inFlight === 0 && this.drained !== undefined) this.drained();
    }
  }

  /** A typed call returning the JS view of the result (see hessian2's `toJs`). */
  async call(
    service: ServiceId,
    method: string,
    parameterTypes: readonly string[],
    args: readonly unknown[],
    options?: CallOptions,
  ): Promise<unknown> {
    const r = await this.invoke({ ...options, service, method, parameterTypes, args });
    return toJs(r.value as HessianValue);
  }

  /**
   * Generic invocation (`$invoke`): no Java types needed on this side. POJO arguments are
   * maps (a `class` key names the Java class); results come back as maps the same way.
   */
  $invoke(
    service: ServiceId,
    method: string,
    parameterTypes: readonly string[],
    args: readonly unknown[],
    options?: CallOptions,
  ): Promise<RpcResult> {
    return this.invoke({
      ...options,
      service,
      method: GENERIC_INVOKE,
      parameterTypes: GENERIC_TYPES,
      args: [method, [...parameterTypes], args.map(toGenericValue)],
      attachments: { generic: "true", ...options?.attachments },
    });
  }

  /**
   * Graceful close: new calls fail with CLIENT_CLOSED, calls in flight finish or fail by
   * their own deadline, then the sockets close. `graceMs` bounds the wait; calls still
   * pending after it are rejected with CLIENT_CLOSED.
   */
  async close(options?: { readonly graceMs?: number }): Promise<void> {
    this.closing = true;
    if (this.inFlight > 0) {
      const grace = options?.graceMs ?? this.timeoutMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, grace);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await this.pool.close(new RpcError("CLIENT_CLOSED", "client closed with the call in flight"));
  }

  private encodeRequest(id: bigint, inv: Invocation, deadline: number | undefined): Uint8Array {
    try {
      const version = normalizeVersion(inv.service.version);
      const attachments: Record<string, HessianValue> = {
        path: inv.service.interface,
        interface: inv.service.interface,
      };
      if (version !== "") attachments.version = version;
      if (inv.service.group) attachments.group = inv.service.group;
      if (deadline !== undefined) attachments.timeout = String(Math.max(1, deadline - Date.now()));
      if (this.application !== undefined) attachments["remote.application"] = this.application;
      for (const [k, v] of Object.entries(inv.attachments ?? {})) attachments[k] = v as HessianValue;
      const msg: RequestMessage = {
        type: "request",
        id,
        twoWay: inv.oneWay !== true,
        body: {
          dubboVersion: DUBBO_VERSION,
          path: inv.service.interface,
          version: version === "" ? "0.0.0" : version,
          method: inv.method,
          descriptor: toDescriptor(inv.parameterTypes),
          args: javaArgs(inv.args, inv.parameterTypes),
          attachments: toAttachments(attachments),
        },
      };
      return encodeFrame(msg, { maxBodyLength: this.maxBodyLength });
    } catch (e) {
      if (e instanceof EncodeError || e instanceof RangeError) {
        throw new RpcError("BAD_ARGUMENT", e.message, { cause: e });
      }
      throw e;
    }
  }
}

function resultOf(msg: DubboMessage): RpcResult {
  if (msg.type === "error") {
    throw new RpcError("REMOTE_STATUS", `${statusName(msg.status)} (${msg.status}): ${msg.message}`, {
      status: msg.status,
      statusName: statusName(msg.status),
    });
  }
  if (msg.type !== "response") throw new RpcError("PROTOCOL_ERROR", `unexpected ${msg.type} in reply to a call`);
  const body = msg.body;
  const attachments = attachmentsFrom(body.attachments);
  if (body.kind === "exception") throw remoteErrorFrom(body.exception);
  return { value: body.kind === "value" ? body.value : null, attachments };
}
