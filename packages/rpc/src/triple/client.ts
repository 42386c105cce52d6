import type { ClientHttp2Session } from "node:http2";
import { javaArgs } from "@tribridge/dubbo";
import { decode, encode, type HessianValue } from "@tribridge/hessian2";
import {
  buildRequestHeaders,
  buildTripleRequestHeaders,
  Code,
  decodeResponseWrapper,
  encodeRequestWrapper,
  formatGrpcTimeoutMillis,
  GRPC_PROTO_CONTENT_TYPE,
  type HeaderInput,
  Metadata,
  tripleExceptionCode,
} from "@tribridge/triple";
import { remoteErrorFrom } from "../dubbo/exceptions.js";
import { RpcError } from "../errors.js";
import {
  type CallOptions,
  type ClientTransport,
  effectiveDeadline,
  type Invocation,
  normalizeVersion,
  type RpcResult,
} from "../invocation.js";
import { ClientCall } from "./client-call.js";
import { DeadlineList } from "./deadlines.js";
import { typeToClassName } from "./java-names.js";
import { SessionManager, type SessionOptions } from "./session.js";
import { bytesSerializer, type MethodKind, type Serializer, TripleError } from "./types.js";
import { UnaryCall, type UnaryClientConfig } from "./unary-client.js";

/** A method as the client calls it: path, kind and the two serializers. */
export interface MethodInfo<I, O> {
  /** `/package.Service/Method`. */
  readonly path: string;
  readonly kind: MethodKind;
  readonly input: Serializer<I>;
  readonly output: Serializer<O>;
}

/** A bytes-in, bytes-out method at `path` (for pre-encoded messages and proxies). */
export function rawMethod(path: string, kind: MethodKind = "unary"): MethodInfo<Uint8Array, Uint8Array> {
  return { path, kind, input: bytesSerializer, output: bytesSerializer };
}

export interface TripleCallOptions extends CallOptions {
  /** Custom metadata (validated: lower-case names, ASCII values unless `-bin`). */
  readonly metadata?: HeaderInput;
  /** Response headers, when they arrive. */
  readonly onHeaders?: (headers: Metadata) => void;
  /** Trailers of a call that ended OK (failed calls carry them on TripleError). */
  readonly onTrailers?: (trailers: Metadata) => void;
}

export interface TripleClientOptions extends Omit<SessionOptions, "url"> {
  /** `http://host:port` of the server (cleartext HTTP/2). */
  readonly url: string;
  /** Default timeout for calls without their own; undefined = none. */
  readonly timeoutMs?: number;
  /** Largest response message accepted (default 4 MiB). */
  readonly maxMessageBytes?: number;
  readonly userAgent?: string;
  /** `tri-consumer-appname` on wrapper-mode calls. */
  readonly application?: string;
}

/**
 * A Triple / gRPC client over one reused node:http2 connection (reconnecting after GOAWAY
 * or failure, with keepalive PINGs). Typed calls of all four kinds via MethodInfo
 * (protobuf methods from proto.ts), and Hessian calls through the shared ClientTransport
 * `invoke`, in Triple's wrapper mode as Dubbo Java sends them.
 */
export class TripleClient implements ClientTransport {
  private readonly sessions: SessionManager;
  private readonly authority: string;
  private readonly scheme: string;
  private inFlight = 0;
  private drained: (() => void) | undefined;
  private readonly pathHeaders = new Map<string, Record<string, string | string[]>>();
  /** Per path, the headers last sent with a `grpc-timeout`, and for how many ms. */
  private readonly timedHeaders = new Map<string, { readonly ms: number; readonly headers: Record<string, string> }>();
  private readonly unaryConfig: UnaryClientConfig;
  /** Bookkeeping when a unary call's stream closed (one function for all calls). */
  private readonly callDone = (session: ClientHttp2Session) => {
    this.sessions.release(session);
    if (--this.inFlight === 0) this.drained?.();
  };

  constructor(private readonly options: TripleClientOptions) {
    const u = new URL(options.url);
    this.authority = u.host;
    this.scheme = u.protocol.replace(":", "");
    this.sessions = new SessionManager({ ...options, url: `${u.protocol}//${u.host}` });
    this.unaryConfig = {
      maxMessageBytes: options.maxMessageBytes ?? 4 * 1024 * 1024,
      codec: "proto",
      deadlines: new DeadlineList(),
      done: this.callDone,
    };
  }

  /** Starts a call of any kind and returns its handle (advanced use; see the typed methods). */
  start(
    path: string,
    options: TripleCallOptions & { readonly contentType?: string; readonly extra?: Record<string, string> },
    body?: Uint8Array,
  ): ClientCall {
    if (this.sessions.isClosed) throw new RpcError("CLIENT_CLOSED", "client is closed");
    const deadline = effectiveDeadline(options, this.options.timeoutMs);
    const headers = buildRequestHeaders({
      path,
      ...(deadline === undefined ? {} : { timeoutMs: Math.max(1, deadline - Date.now()) }),
      ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
      ...(this.options.userAgent === undefined ? {} : { userAgent: this.options.userAgent }),
      ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      ...(options.extra === undefined ? {} : { extra: options.extra }),
    }) as Record<string, string | string[]>;
    headers[":authority"] = this.authority;
    headers[":scheme"] = this.scheme;
    const session = this.sessions.acquire();
    this.inFlight++;
    const call = new ClientCall(session, {
      headers,
      maxMessageBytes: this.options.maxMessageBytes ?? 4 * 1024 * 1024,
      deadline,
      signal: options.signal,
      ...(body === undefined ? {} : { body }),
    });
    if (options.onHeaders !== undefined) {
      const cb = options.onHeaders;
      call.stream.once("response", (h) => cb(headersOf(h)));
    }
    void call.outcome.then((o) => {
      this.sessions.release(session);
      if (--this.inFlight === 0) this.drained?.();
      if (o.status.code === Code.OK) options.onTrailers?.(o.trailers);
    });
    return call;
  }

  unary<I, O>(method: MethodInfo<I, O>, request: I, options: TripleCallOptions = NO_OPTIONS): Promise<O> {
    let call: UnaryCall;
    try {
      call = this.startUnary(method.path, method.input.serialize(request), options);
    } catch (e) {
      return Promise.reject(e);
    }
    // Bytes methods (proxies, the client benchmark) settle with the call's own promise.
    if (method.output === (bytesSerializer as unknown)) return call.result as Promise<unknown> as Promise<O>;
    const output = method.output;
    return call.result.then((bytes) => output.parse(bytes));
  }

  private startUnary(path: string, body: Uint8Array, options: TripleCallOptions): UnaryCall {
    if (this.sessions.isClosed) throw new RpcError("CLIENT_CLOSED", "client is closed");
    const deadline = effectiveDeadline(options, this.options.timeoutMs);
    const headers = this.unaryHeaders(path, options, deadline);
    const session = this.sessions.acquire();
    this.inFlight++;
    try {
      return new UnaryCall(session, headers, body, this.unaryConfig, deadline, options);
    } catch (e) {
      this.callDone(session);
      throw new TripleError({
        code: Code.UNAVAILABLE,
        message: `connection failed: ${(e as Error).message}`,
        details: [],
      });
    }
  }

  /**
   * Request headers of a unary call. Without metadata they are built once per path (and per
   * `grpc-timeout` value) and the same object is passed for every call: node:http2 copies
   * what it is given. Calls under one default timeout ask for the same value, so the cache
   * holds (bench/triple-compare.ts, client rows). With metadata they are built as `start`
   * builds them.
   */
  private unaryHeaders(
    path: string,
    options: TripleCallOptions,
    deadline: number | undefined,
  ): Record<string, string | string[]> {
    if (options.metadata !== undefined) {
      return this.withTarget(
        buildRequestHeaders({
          path,
          ...(deadline === undefined ? {} : { timeoutMs: Math.max(1, deadline - Date.now()) }),
          ...(this.options.userAgent === undefined ? {} : { userAgent: this.options.userAgent }),
          metadata: options.metadata,
        }),
      );
    }
    if (deadline === undefined) {
      let h = this.pathHeaders.get(path);
      if (h === undefined) {
        h = this.constantHeaders(path, undefined);
        if (this.pathHeaders.size < 256) this.pathHeaders.set(path, h);
      }
      return h;
    }
    const ms = Math.max(1, deadline - Date.now());
    let timed = this.timedHeaders.get(path);
    if (timed === undefined || timed.ms !== ms) {
      timed = { ms, headers: this.constantHeaders(path, formatGrpcTimeoutMillis(ms)) };
      if (this.timedHeaders.size < 256 || this.timedHeaders.has(path)) this.timedHeaders.set(path, timed);
    }
    return timed.headers;
  }

  /**
   * Headers of a call without metadata, as an object literal rather than the codec's
   * null-prototype record: node:http2 lists, checks and copies the keys of the object it is
   * given on every request, which is slower on a dictionary-mode object (request()'s own
   * share of the client profile halved). The keys are fixed here, so no header name can
   * reach the prototype.
   */
  private constantHeaders(path: string, timeout: string | undefined): Record<string, string> {
    const h: Record<string, string> = { ":method": "POST", ":scheme": this.scheme, ":authority": this.authority };
    h[":path"] = path;
    if (timeout !== undefined) h["grpc-timeout"] = timeout;
    h["content-type"] = GRPC_PROTO_CONTENT_TYPE;
    h.te = "trailers";
    if (this.options.userAgent !== undefined) h["user-agent"] = this.options.userAgent;
    return h;
  }

  private withTarget(h: Record<string, string | string[]>): Record<string, string | string[]> {
    h[":authority"] = this.authority;
    h[":scheme"] = this.scheme;
    return h;
  }

  async *serverStream<I, O>(method: MethodInfo<I, O>, request: I, options: TripleCallOptions = {}): AsyncGenerator<O> {
    const call = this.start(method.path, options, method.input.serialize(request));
    try {
      for await (const m of call.read()) yield method.output.parse(m);
    } finally {
      // A consumer that stops early cancels the call instead of leaving it open.
      call.abort({ code: Code.CANCELLED, message: "response stream abandoned", details: [] });
    }
  }

  async clientStream<I, O>(
    method: MethodInfo<I, O>,
    requests: AsyncIterable<I> | Iterable<I>,
    options: TripleCallOptions = {},
  ): Promise<O> {
    const call = this.start(method.path, options);
    const pump = this.pump(call, method, requests);
    let result: Uint8Array | undefined;
    let count = 0;
    try {
      for await (const m of call.read()) {
        result = m;
        count++;
      }
    } finally {
      await pump;
    }
    if (count !== 1) {
      throw new TripleError({ code: Code.UNIMPLEMENTED, message: `response had ${count} messages`, details: [] });
    }
    return method.output.parse(result as Uint8Array);
  }

  async *bidiStream<I, O>(
    method: MethodInfo<I, O>,
    requests: AsyncIterable<I> | Iterable<I>,
    options: TripleCallOptions = {},
  ): AsyncGenerator<O> {
    const call = this.start(method.path, options);
    const pump = this.pump(call, method, requests);
    try {
      for await (const m of call.read()) yield method.output.parse(m);
    } finally {
      call.abort({ code: Code.CANCELLED, message: "response stream abandoned", details: [] });
      await pump;
    }
  }

  /** Sends requests as the stream accepts them, then half-closes; errors cancel the call. */
  private async pump<I>(call: ClientCall, method: MethodInfo<I, unknown>, requests: AsyncIterable<I> | Iterable<I>) {
    try {
      for await (const r of requests) await call.send(method.input.serialize(r));
      call.closeSend();
    } catch (e) {
      if (!(e instanceof TripleError)) {
        call.abort({ code: Code.CANCELLED, message: `request stream failed: ${(e as Error).message}`, details: [] });
      }
    }
  }

  /**
   * A Hessian call in Triple's wrapper (non-IDL) mode, as a Dubbo Java consumer makes it:
   * `/interface/method`, a TripleRequestWrapper of Hessian arguments, `tri-service-*`
   * headers. A Java exception (tri-exception-code ≠ 0) is thrown as RemoteError.
   */
  async invoke(inv: Invocation): Promise<RpcResult> {
    let body: Uint8Array;
    let extra: Record<string, string>;
    try {
      const args = javaArgs(inv.args, inv.parameterTypes).map((a) => encode(a));
      body = encodeRequestWrapper({
        serializeType: "hessian4",
        args,
        argTypes: inv.parameterTypes.map(typeToClassName),
      });
      const version = normalizeVersion(inv.service.version);
      extra = buildTripleRequestHeaders({
        ...(version === "" ? {} : { version }),
        ...(inv.service.group === undefined ? {} : { group: inv.service.group }),
        ...(this.options.application === undefined ? {} : { consumerAppName: this.options.application }),
        attachments: stringAttachments(inv.attachments),
      }) as Record<string, string>;
    } catch (e) {
      throw new RpcError("BAD_ARGUMENT", (e as Error).message, { cause: e });
    }
    let headers: Metadata | undefined;
    const call = this.start(
      `/${inv.service.interface}/${inv.method}`,
      { ...inv, extra, onHeaders: (h) => (headers = h) },
      body,
    );
    let response: Uint8Array | undefined;
    for await (const m of call.read()) response = m;
    const outcome = await call.outcome;
    if (response === undefined) throw new RpcError("PROTOCOL_ERROR", "wrapper call answered without a message");
    const w = decodeResponseWrapper(response);
    const value = w.data === undefined ? null : decode(w.data);
    const attachments: Record<string, unknown> = {};
    for (const [k, v] of outcome.trailers) attachments[k] = v;
    if (headers !== undefined && tripleExceptionCode(headers) !== 0) throw remoteErrorFrom(value as HessianValue);
    return { value, attachments };
  }

  /** Stops new calls, lets calls in flight finish (up to `graceMs`), then sends GOAWAY. */
  async close(options?: { readonly graceMs?: number }): Promise<void> {
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, options?.graceMs ?? 10_000);
        this.drained = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    await this.sessions.close();
  }
}

/** Default of `unary`'s options: no object per call. */
const NO_OPTIONS: TripleCallOptions = Object.freeze({});

function headersOf(h: Record<string, unknown>): Metadata {
  return Metadata.from(h as Record<string, string>).filter((k) => !k.startsWith(":"));
}

function stringAttachments(a: Readonly<Record<string, unknown>> | undefined): Record<string, string | Uint8Array> {
  const out: Record<string, string | Uint8Array> = {};
  if (a === undefined) return out;
  for (const [k, v] of Object.entries(a)) {
    if (v instanceof Uint8Array || typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") out[k] = String(v);
  }
  return out;
}
