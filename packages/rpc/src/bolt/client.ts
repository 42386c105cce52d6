import {
  CODEC,
  DEFAULT_MAX_BODY_LENGTH,
  type DecodedFrame,
  decodeSofaResponse,
  encodeSofaRequestFrame,
  HEAD,
  PROTOCOL_V1,
  PROTOCOL_V2,
  type ProtocolFields,
  type SofaRequest,
  STATUS,
  SWITCH_CRC,
  statusName,
  TYPE_ONEWAY,
  TYPE_REQUEST,
  typeToSig,
  uniqueName,
} from "@tribridge/bolt";
import { CodecError, type DecodeLimits, EncodeError } from "@tribridge/core";
import { javaArgs } from "@tribridge/dubbo";
import { type Dialect, type HessianValue, toJs } from "@tribridge/hessian2";
import { RemoteError, RpcError } from "../errors.js";
import {
  type CallOptions,
  type ClientTransport,
  effectiveDeadline,
  type Invocation,
  type RpcResult,
  type ServiceId,
} from "../invocation.js";
import { InFlight } from "../transport/in-flight.js";
import { PendingCall } from "../transport/pending-calls.js";
import { GenericPool } from "../transport/pool.js";
import { BoltClientConnection } from "./client-connection.js";
import { boltStatusError, propsToRecord, remoteFromSofa, toRequestProps } from "./values.js";

export interface BoltClientOptions {
  readonly host?: string;
  readonly port: number;
  /** Content dialect: `hessian3` (SOFARPC's default sofa-hessian 3.x, default) or `hessian2` (sofa-hessian 4.x). */
  readonly dialect?: Dialect;
  /** Bolt protocol code: 1 (what SOFARPC clients use, default) or 2. */
  readonly protocol?: 1 | 2;
  /** v2 only: protocol version 2 with the CRC32 switch on. */
  readonly crc?: boolean;
  /** Sockets to the provider, calls spread round-robin (default 1, as SOFARPC shares one). */
  readonly connections?: number;
  readonly connectTimeoutMs?: number;
  /** Default per-call timeout (SOFARPC's default is 3000 ms). */
  readonly timeoutMs?: number;
  /** Heartbeat after this much silence (Bolt: 15 s); 0 disables. */
  readonly heartbeatMs?: number;
  /** Close a connection that read nothing for this long (default 3 heartbeats + 1 s). */
  readonly idleTimeoutMs?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Largest class + header + content sent or accepted (default 8 MiB). */
  readonly maxBodyLength?: number;
  readonly limits?: Partial<DecodeLimits>;
  /** `targetAppName` of every request (the provider's app), when known. */
  readonly targetAppName?: string;
  /** Do not keep the process alive for these sockets. */
  readonly unref?: boolean;
}

/**
 * A SOFARPC consumer of one provider address over Bolt: multiplexed connections, per-call
 * deadlines carried in Bolt's timeout field, heartbeats, reconnect with backoff, one-way
 * calls, remote exceptions as RemoteError with their Java class, request props both ways.
 */
export class BoltClient implements ClientTransport {
  readonly dialect: Dialect;
  private readonly pool: GenericPool<BoltClientConnection>;
  private readonly timeoutMs: number;
  private readonly maxBodyLength: number;
  private readonly limits: Partial<DecodeLimits> | undefined;
  private readonly proto: ProtocolFields;
  private readonly targetAppName: string | null;
  private id = 0;
  private readonly inFlight = new InFlight();
  private closing = false;
  /** Responses that matched no pending call (late after a deadline, or a confused peer). */
  unknownResponses = 0;

  constructor(options: BoltClientOptions) {
    this.dialect = options.dialect ?? "hessian3";
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.maxBodyLength = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
    this.limits = options.limits;
    this.targetAppName = options.targetAppName ?? null;
    this.proto =
      options.protocol === PROTOCOL_V2
        ? { protocol: PROTOCOL_V2, protocolVersion: options.crc ? 2 : 1, switches: options.crc ? SWITCH_CRC : 0 }
        : { protocol: PROTOCOL_V1 };
    const host = options.host ?? "127.0.0.1";
    const heartbeatMs = options.heartbeatMs ?? 15_000;
    const conn = {
      host,
      port: options.port,
      maxBodyLength: this.maxBodyLength,
      heartbeatMs,
      idleTimeoutMs: options.idleTimeoutMs ?? (heartbeatMs > 0 ? heartbeatMs * 3 + 1000 : 0),
      proto: this.proto,
      codec: CODEC.HESSIAN2,
      nextId: () => this.nextId(),
      onUnknownResponse: () => {
        this.unknownResponses++;
      },
      unref: options.unref ?? false,
    };
    this.pool = new GenericPool({
      connections: options.connections ?? 1,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      initialBackoffMs: options.initialBackoffMs ?? 100,
      maxBackoffMs: options.maxBackoffMs ?? 5000,
      address: `${host}:${options.port}`,
      connect: (timeoutMs) => BoltClientConnection.connect(conn, timeoutMs),
    });
  }

  /** Bolt ids are positive int32s counting up from 1, wrapping (Java's IDGenerator). */
  private nextId(): number {
    this.id = this.id >= 0x7fff_ffff ? 1 : this.id + 1;
    return this.id;
  }

  /** A typed call; the result value is in the lossless Hessian model. */
  invoke(inv: Invocation): Promise<RpcResult> {
    if (this.closing) return Promise.reject(new RpcError("CLIENT_CLOSED", "client is closed"));
    const deadline = effectiveDeadline(inv, this.timeoutMs);
    const oneWay = inv.oneWay === true;
    const id = this.nextId();
    let frame: Uint8Array;
    try {
      frame = this.encodeRequest(id, inv, deadline, oneWay);
    } catch (e) {
      return Promise.reject(e);
    }
    this.inFlight.add();
    // With a connection open, the call is written now: no hop through the pool's promise
    // before the write.
    const open = this.pool.live();
    const sent =
      open !== undefined
        ? this.send(open, id, frame, deadline, inv.signal, oneWay)
        : this.pool
            .acquire(deadline, inv.signal)
            .then((conn) => this.send(conn, id, frame, deadline, inv.signal, oneWay));
    return sent.then(this.onResponse, this.onFailure);
  }

  private send(
    conn: BoltClientConnection,
    id: number,
    frame: Uint8Array,
    deadline: number | undefined,
    signal: AbortSignal | undefined,
    oneWay: boolean,
  ): Promise<DecodedFrame | undefined> {
    if (oneWay) {
      conn.sendOneWay(frame);
      return Promise.resolve(undefined);
    }
    return new Promise<DecodedFrame>((resolve, reject) =>
      conn.send(new PendingCall(id, deadline, resolve, reject), frame, signal),
    );
  }

  private readonly onResponse = (f: DecodedFrame | undefined): RpcResult => {
    this.inFlight.done();
    return f === undefined ? { value: null, attachments: {} } : this.resultOf(f);
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
   * Graceful close: new calls fail with CLIENT_CLOSED, calls in flight finish or fail by
   * their deadline (at most `graceMs`), then the sockets close.
   */
  async close(options?: { readonly graceMs?: number }): Promise<void> {
    this.closing = true;
    await this.inFlight.drained(options?.graceMs ?? this.timeoutMs);
    await this.pool.close(new RpcError("CLIENT_CLOSED", "client closed with the call in flight"));
  }

  private encodeRequest(id: number, inv: Invocation, deadline: number | undefined, oneWay: boolean): Uint8Array {
    try {
      const req: SofaRequest = {
        targetServiceUniqueName: uniqueName(inv.service.interface, inv.service.version, inv.service.group),
        methodName: inv.method,
        methodArgSigs: sigsOf(inv.parameterTypes),
        targetAppName: this.targetAppName,
        requestProps: toRequestProps(inv.attachments),
        args: javaArgs(inv.args, inv.parameterTypes),
      };
      return encodeSofaRequestFrame(
        {
          ...this.proto,
          type: oneWay ? TYPE_ONEWAY : TYPE_REQUEST,
          requestId: id,
          codec: CODEC.HESSIAN2,
          timeout: deadline === undefined ? -1 : Math.max(1, deadline - Date.now()),
        },
        req,
        { dialect: this.dialect, maxBodyLength: this.maxBodyLength },
      );
    } catch (e) {
      if (e instanceof EncodeError || e instanceof RangeError)
        throw new RpcError("BAD_ARGUMENT", e.message, { cause: e });
      throw e;
    }
  }

  private resultOf(f: DecodedFrame): RpcResult {
    if (f.status !== STATUS.SUCCESS) throw boltStatusError(f, this.limits);
    let response: ReturnType<typeof decodeSofaResponse>["response"];
    try {
      response = decodeSofaResponse(f.content, this.limits === undefined ? {} : { limits: this.limits }).response;
    } catch (e) {
      if (e instanceof CodecError) {
        throw new RpcError("PROTOCOL_ERROR", `response could not be decoded: ${e.message}`, {
          cause: e,
          status: STATUS.CODEC_EXCEPTION,
          statusName: statusName(STATUS.CODEC_EXCEPTION),
        });
      }
      throw e;
    }
    if (response.isError) {
      throw new RemoteError("com.alipay.sofa.rpc.core.exception.SofaRpcException", response.errorMsg);
    }
    const attachments = propsToRecord(response.responseProps);
    remoteFromSofa(response.appResponse);
    return { value: response.appResponse, attachments: withoutErrorKey(attachments) };
  }
}

/** Signatures by parameter-type array: callers usually pass the same array every call. */
const signatures = new WeakMap<readonly string[], { readonly types: readonly string[]; readonly sigs: string[] }>();

function sigsOf(types: readonly string[]): string[] {
  const hit = signatures.get(types);
  // The array may have been changed since (it is only readonly by type): compare the copy.
  if (hit !== undefined && hit.types.length === types.length && hit.types.every((t, i) => t === types[i])) {
    return hit.sigs;
  }
  const sigs = types.map(typeToSig);
  signatures.set(types, { types: [...types], sigs });
  return sigs;
}

function withoutErrorKey(a: Record<string, unknown>): Record<string, unknown> {
  if (HEAD.RESPONSE_ERROR in a) delete a[HEAD.RESPONSE_ERROR];
  return a;
}
