import { type DecodeLimits, EncodeError } from "@tribridge/core";
import {
  type Attachments,
  DEFAULT_PAYLOAD_LIMIT,
  DUBBO_VERSION,
  type DubboMessage,
  encodeFrame,
  GENERIC_INVOKE,
  javaArgs,
  type RequestMessage,
  STATUS,
  statusName,
  toDescriptor,
} from "@tribridge/dubbo";
import { type HessianValue, JavaMap, toJs } from "@tribridge/hessian2";
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
import { InFlight } from "../transport/in-flight.js";
import { PendingCall } from "../transport/pending-calls.js";
import { GenericPool } from "../transport/pool.js";
import { ClientConnection } from "./client-connection.js";
import { remoteErrorFrom } from "./exceptions.js";
import { attachmentsFrom, toGenericValue } from "./values.js";

export interface DubboClientOptions {
  readonly host?: string;
  readonly port: number;
  /** Sockets to the address; calls are spread round-robin (default 1: Dubbo shares one). */
  readonly connections?: number;
  readonly connectTimeoutMs?: number;
  /** Largest request body sent and response body accepted (Dubbo `payload`, 8 MiB). */
  readonly maxBodyLength?: number;
  readonly limits?: Partial<DecodeLimits>;
  /** Heartbeat after this much silence (Dubbo: 60 s); 0 disables. */
  readonly heartbeatMs?: number;
  /** Close a connection that read nothing for this long (Dubbo: 3 heartbeats). */
  readonly idleTimeoutMs?: number;
  /** First reconnect delay after a failure; doubles per failure up to `maxBackoffMs`. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /**
   * Reopen a pooled connection in the background when it drops (after the same backoff), so
   * the next call finds it open. Bounded: after this many background attempts with no call
   * in between, the slot waits for the next call to reconnect (default 10; 0 = never in the
   * background).
   */
  readonly maxBackgroundReconnects?: number;
  /** Do not keep the process alive for these sockets. */
  readonly unref?: boolean;
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
  private readonly pool: GenericPool<ClientConnection>;
  private readonly timeoutMs: number;
  private readonly application: string | undefined;
  private readonly maxBodyLength: number;
  /** Request ids count up from 0 and wrap below 2^53 (exact as numbers; Dubbo's are 64-bit). */
  private nextId = 0;
  private readonly inFlight = new InFlight();
  private closing = false;
  /** Responses that matched no pending call (late, or a confused peer). */
  unknownResponses = 0;

  constructor(options: DubboClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.application = options.application;
    this.maxBodyLength = options.maxBodyLength ?? DEFAULT_PAYLOAD_LIMIT;
    const heartbeatMs = options.heartbeatMs ?? 60_000;
    const host = options.host ?? "127.0.0.1";
    const conn = {
      host,
      port: options.port,
      maxBodyLength: this.maxBodyLength,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      heartbeatMs,
      idleTimeoutMs: options.idleTimeoutMs ?? heartbeatMs * 3,
      ...(options.unref === undefined ? {} : { unref: options.unref }),
      onUnknownResponse: () => {
        this.unknownResponses++;
      },
    };
    this.pool = new GenericPool({
      connections: options.connections ?? 1,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      initialBackoffMs: options.initialBackoffMs ?? 100,
      maxBackoffMs: options.maxBackoffMs ?? 5000,
      maxBackgroundReconnects: options.maxBackgroundReconnects ?? 10,
      address: `${host}:${options.port}`,
      connect: (timeoutMs) => ClientConnection.connect(conn, timeoutMs),
    });
  }

  /** A typed call; the result value is in the lossless Hessian model. */
  invoke(inv: Invocation): Promise<RpcResult> {
    if (this.closing) return Promise.reject(new RpcError("CLIENT_CLOSED", "client is closed"));
    const deadline = effectiveDeadline(inv, this.timeoutMs);
    const id = this.nextId;
    this.nextId = id === Number.MAX_SAFE_INTEGER ? 0 : id + 1;
    let frame: Uint8Array;
    try {
      frame = this.encodeRequest(id, inv, deadline);
    } catch (e) {
      return Promise.reject(e);
    }
    this.inFlight.add();
    return this.send(id, frame, deadline, inv.signal, inv.oneWay === true).then(this.onResponse, this.onFailure);
  }

  /**
   * Sends one request; resolves with its response (undefined for one-way once written).
   * With a live connection at hand nothing is awaited before the write.
   */
  private send(
    id: number,
    frame: Uint8Array,
    deadline: number | undefined,
    signal: AbortSignal | undefined,
    oneWay: boolean,
  ): Promise<DubboMessage | undefined> {
    if (signal?.aborted) {
      return Promise.reject(new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason }));
    }
    const conn = this.pool.live();
    if (conn !== undefined) return sendOn(conn, id, frame, deadline, signal, oneWay);
    return this.pool.acquire(deadline, signal).then((c) => {
      // The caller may have aborted while a connection was being found.
      if (signal?.aborted) throw new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason });
      return sendOn(c, id, frame, deadline, signal, oneWay);
    });
  }

  private readonly onResponse = (msg: DubboMessage | undefined): RpcResult => {
    this.inFlight.done();
    return msg === undefined ? { value: null, attachments: {} } : resultOf(msg);
  };

  private readonly onFailure = (error: unknown): never => {
    this.inFlight.done();
    throw error;
  };

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
    await this.inFlight.drained(options?.graceMs ?? this.timeoutMs);
    await this.pool.close(new RpcError("CLIENT_CLOSED", "client closed with the call in flight"));
  }

  private encodeRequest(id: number, inv: Invocation, deadline: number | undefined): Uint8Array {
    try {
      const version = normalizeVersion(inv.service.version);
      const attachments = new JavaMap(null);
      attachments.set("path", inv.service.interface);
      attachments.set("interface", inv.service.interface);
      if (version !== "") attachments.set("version", version);
      if (inv.service.group) attachments.set("group", inv.service.group);
      if (deadline !== undefined) attachments.set("timeout", String(Math.max(1, deadline - Date.now())));
      if (this.application !== undefined) attachments.set("remote.application", this.application);
      if (inv.attachments !== undefined) {
        for (const k in inv.attachments) {
          const v = inv.attachments[k];
          if (v !== undefined) attachments.set(k, v as HessianValue);
        }
      }
      const msg: RequestMessage = {
        type: "request",
        id: BigInt(id),
        twoWay: inv.oneWay !== true,
        body: {
          dubboVersion: DUBBO_VERSION,
          path: inv.service.interface,
          version: version === "" ? "0.0.0" : version,
          method: inv.method,
          descriptor: descriptorOf(inv.parameterTypes),
          args: javaArgs(inv.args, inv.parameterTypes),
          attachments,
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

function sendOn(
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

/** Descriptors by parameter-type array: callers usually pass the same array every call. */
const descriptors = new WeakMap<
  readonly string[],
  { readonly types: readonly string[]; readonly descriptor: string }
>();

function descriptorOf(types: readonly string[]): string {
  const hit = descriptors.get(types);
  // The array may have been changed since (it is only readonly by type): compare the copy.
  if (hit !== undefined && hit.types.length === types.length && hit.types.every((t, i) => t === types[i])) {
    return hit.descriptor;
  }
  const descriptor = toDescriptor(types);
  descriptors.set(types, { types: [...types], descriptor });
  return descriptor;
}

function resultOf(msg: DubboMessage): RpcResult {
  if (msg.type === "error") {
    // The provider gave up at the deadline it was sent: the same outcome as ours firing first.
    const code = msg.status === STATUS.SERVER_TIMEOUT ? "DEADLINE_EXCEEDED" : "REMOTE_STATUS";
    throw new RpcError(code, `${statusName(msg.status)} (${msg.status}): ${msg.message}`, {
      status: msg.status,
      statusName: statusName(msg.status),
    });
  }
  if (msg.type !== "response") throw new RpcError("PROTOCOL_ERROR", `unexpected ${msg.type} in reply to a call`);
  const body = msg.body;
  if (body.kind === "exception") throw remoteErrorFrom(body.exception);
  return new DubboResult(body.kind === "value" ? body.value : null, body.attachments);
}

/** A result whose attachments record is made when first read (most callers never look). */
class DubboResult implements RpcResult {
  readonly value: unknown;
  private readonly map: Attachments | undefined;
  private record: Readonly<Record<string, unknown>> | undefined;

  constructor(value: unknown, map: Attachments | undefined) {
    this.value = value;
    this.map = map;
  }

  get attachments(): Readonly<Record<string, unknown>> {
    this.record ??= attachmentsFrom(this.map);
    return this.record;
  }
}
