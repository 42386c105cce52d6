import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import {
  Code,
  type Envelope,
  EnvelopeDecoder,
  grpcCodecOf,
  isReservedHeader,
  Metadata,
  parseGrpcTimeoutMillis,
  type Status,
  StatusError,
  splitPath,
  statusFromError,
} from "@tribridge/triple";
import type { CallHost } from "./dispatch.js";
import { GrpcSink } from "./server-call.js";
import { type RawMethod, type StreamContext, statusOfThrown } from "./types.js";

/**
 * The unary gRPC server path, tuned against the h2load benchmark (bench/triple-compare.ts,
 * "server" rows): one object per call that is at once the handler's StreamContext, the body
 * reader and the shutdown handle. Everything a plain call does not need is created on first
 * use (header Metadata, AbortController, response metadata, the general GrpcSink), stream
 * listeners are module functions (no closures per call), a one-chunk body is used in
 * place, and an OK answer goes out with precomputed header objects. Anything unusual
 * (compression, bad headers, unknown path) is left to the general path in dispatch.ts.
 */

/** A resolved `/service/method`: what the fast path needs, cached per path. */
export interface PathRoute {
  readonly service: string;
  readonly method: string;
  readonly unary: NonNullable<RawMethod["unary"]>;
}

/** Cache bounds: a server has few paths and content types; garbage paths are not cached. */
const MAX_CACHED = 512;
const answerTypes = new Map<string, string>();
const okHeaders = new Map<string, Readonly<Record<string, string | number>>>();
// No `date` header: gRPC does not use it and formatting it showed in the h2load profile.
const WAIT_FOR_TRAILERS = Object.freeze({ waitForTrailers: true, sendDate: false });
const OK_TRAILERS = Object.freeze({ "grpc-status": "0" });
/** Answers above this size are written as prefix + message (writev) instead of one copy. */
const COPY_LIMIT = 16 * 1024;
const kCall = Symbol("tribridge.unaryCall");
const NOT_ABORTED = Symbol("not aborted");

type CallStream = ServerHttp2Stream & { [kCall]?: UnaryServerCall | undefined };

/** The content type to answer with (the one asked for, without parameters), when gRPC. */
function answerType(contentType: string): string | undefined {
  let a = answerTypes.get(contentType);
  if (a === undefined && grpcCodecOf(contentType) !== undefined) {
    a = contentType.split(";")[0] as string;
    if (answerTypes.size < MAX_CACHED) {
      answerTypes.set(contentType, a);
      okHeaders.set(a, Object.freeze({ ":status": 200, "content-type": a }));
    }
  }
  return a;
}

function routeOf(host: CallHost, path: string): PathRoute | undefined {
  let r = host.pathCache.get(path);
  if (r !== undefined) return r;
  let parts: { service: string; method: string };
  try {
    parts = splitPath(path);
  } catch {
    return undefined;
  }
  const m = host.route(parts.service, parts.method);
  if (m?.unary === undefined) return undefined;
  r = { service: parts.service, method: parts.method, unary: m.unary };
  if (host.pathCache.size < MAX_CACHED) host.pathCache.set(path, r);
  return r;
}

/**
 * Serves a plain unary gRPC call (POST, gRPC content type, identity encoding, a method with
 * a `unary` fast path, valid grpc-timeout); returns false, touching nothing, otherwise.
 */
export function tryServeUnary(host: CallHost, stream: ServerHttp2Stream, raw: IncomingHttpHeaders): boolean {
  if (raw[":method"] !== "POST") return false;
  const enc = raw["grpc-encoding"];
  if (enc !== undefined && enc !== "identity") return false;
  const ct = raw["content-type"];
  const path = raw[":path"];
  if (typeof ct !== "string" || path === undefined) return false;
  const answer = answerType(ct);
  if (answer === undefined) return false;
  const route = routeOf(host, path);
  if (route === undefined) return false;
  let timeoutMs: number | undefined;
  const t = raw["grpc-timeout"];
  if (t !== undefined) {
    if (typeof t !== "string") return false;
    try {
      timeoutMs = parseGrpcTimeoutMillis(t);
    } catch {
      return false;
    }
  }
  const call = new UnaryServerCall(host, stream, raw, route, answer, timeoutMs);
  (stream as CallStream)[kCall] = call;
  host.track(call);
  stream.on("data", onData);
  stream.on("end", onEnd);
  stream.on("close", onClose);
  return true;
}

function onData(this: CallStream, chunk: Buffer): void {
  this[kCall]?.push(chunk);
}

function onEnd(this: CallStream): void {
  this[kCall]?.bodyEnded();
}

function onClose(this: CallStream): void {
  this[kCall]?.closed();
}

function onDeadline(call: UnaryServerCall): void {
  call.fail({ code: Code.DEADLINE_EXCEEDED, message: "deadline exceeded", details: [] });
}

function sendOkTrailers(this: ServerHttp2Stream): void {
  if (!this.destroyed && !this.closed) this.sendTrailers(OK_TRAILERS);
}

class UnaryServerCall implements StreamContext {
  readonly protocol = "grpc" as const;
  readonly service: string;
  readonly method: string;
  readonly deadline: number | undefined;
  ended = false;
  private hd: Metadata | undefined;
  private md: Metadata | undefined;
  private rh: Metadata | undefined;
  private rt: Metadata | undefined;
  private controller: AbortController | undefined;
  private abortReason: unknown = NOT_ABORTED;
  private sink: GrpcSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Body chunks while they may still form exactly one envelope of `expected` bytes. */
  private first: Buffer | undefined;
  private chunks: Buffer[] | undefined;
  private total = 0;
  private expected = -1;
  private decoder: EnvelopeDecoder | undefined;
  private last: Envelope | undefined;
  private count = 0;
  private broken = false;

  constructor(
    private readonly host: CallHost,
    private readonly stream: ServerHttp2Stream,
    private readonly raw: IncomingHttpHeaders,
    private readonly route: PathRoute,
    private readonly contentType: string,
    timeoutMs: number | undefined,
  ) {
    this.service = route.service;
    this.method = route.method;
    if (timeoutMs !== undefined) {
      this.deadline = Date.now() + timeoutMs;
      this.timer = setTimeout(onDeadline, Math.max(0, timeoutMs), this);
    }
  }

  get headers(): Metadata {
    if (this.hd === undefined) this.hd = Metadata.from(this.raw);
    return this.hd;
  }

  get metadata(): Metadata {
    if (this.md === undefined) this.md = this.headers.filter((k) => !isReservedHeader(k));
    return this.md;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortReason !== NOT_ABORTED) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get responseHeaders(): Metadata {
    if (this.rh === undefined) this.rh = new Metadata();
    return this.rh;
  }

  get responseTrailers(): Metadata {
    if (this.rt === undefined) this.rt = new Metadata();
    return this.rt;
  }

  get remoteAddress(): string | undefined {
    try {
      return this.stream.session?.socket?.remoteAddress;
    } catch {
      return undefined;
    }
  }

  sendHeaders(): void {
    if (!this.ended) this.generalSink().sendHeaders();
  }

  private generalSink(): GrpcSink {
    if (this.sink === undefined) this.sink = new GrpcSink(this.stream, this, this.contentType, undefined);
    return this.sink;
  }

  /**
   * Body bytes. While they can still be exactly one envelope they are only kept (the 64 KiB
   * h2load case arrives in several chunks: one concat at the end, as the bare echo does,
   * instead of the decoder's zero-filled copy); anything else is replayed into an
   * EnvelopeDecoder, which then reports errors exactly as the general path does.
   */
  push(chunk: Buffer): void {
    if (this.broken) return;
    if (this.decoder !== undefined) {
      this.feed(chunk);
      return;
    }
    if (this.first === undefined) this.first = chunk;
    else if (this.chunks === undefined) this.chunks = [this.first, chunk];
    else this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.expected < 0 && this.total >= 5) {
      const head = this.first.length >= 5 ? this.first : Buffer.concat(this.chunks as Buffer[]);
      const length = head.readUInt32BE(1);
      if ((head[0] as number) > 1 || length > this.host.maxMessageBytes) {
        this.toDecoder();
        return;
      }
      this.expected = 5 + length;
    }
    if (this.expected >= 0 && this.total > this.expected) this.toDecoder();
  }

  private toDecoder(): void {
    const parts = this.chunks ?? (this.first === undefined ? [] : [this.first]);
    this.first = undefined;
    this.chunks = undefined;
    this.decoder = new EnvelopeDecoder({ maxMessageBytes: this.host.maxMessageBytes });
    for (const p of parts) {
      this.feed(p);
      if (this.broken) return;
    }
  }

  private feed(chunk: Buffer): void {
    try {
      this.take((this.decoder as EnvelopeDecoder).push(chunk));
    } catch (e) {
      this.broken = true;
      this.finish(statusFromError(e));
    }
  }

  private take(msgs: Envelope[]): void {
    for (const m of msgs) {
      this.last = m;
      this.count++;
    }
  }

  bodyEnded(): void {
    if (this.broken || this.ended) return;
    let data: Uint8Array;
    try {
      let flags: number;
      if (this.decoder === undefined && this.first !== undefined && this.total === this.expected) {
        const whole = this.chunks === undefined ? this.first : Buffer.concat(this.chunks, this.total);
        flags = whole[0] as number;
        data = whole.subarray(5);
      } else {
        if (this.decoder === undefined && this.first !== undefined) {
          this.toDecoder(); // a cut-short body: the decoder names what is missing
          if (this.broken) return;
        }
        this.decoder?.end();
        if (this.count !== 1) throw new StatusError(Code.UNIMPLEMENTED, `unary request with ${this.count} messages`);
        flags = (this.last as Envelope).flags;
        data = (this.last as Envelope).data;
      }
      if ((flags & 1) !== 0) {
        throw new StatusError(Code.INTERNAL, "compressed message on a stream without grpc-encoding");
      }
    } catch (e) {
      this.finish(statusFromError(e));
      return;
    }
    let out: Uint8Array | Promise<Uint8Array>;
    try {
      out = this.route.unary(this, data);
    } catch (e) {
      this.finish(statusOfThrown(e));
      return;
    }
    if (out instanceof Uint8Array) this.answer(out);
    else {
      Promise.resolve(out).then(
        (bytes) => this.answer(bytes),
        (e) => this.finish(statusOfThrown(e)),
      );
    }
  }

  /** Headers, the one message with END_STREAM, then `grpc-status: 0` trailers. */
  private answer(bytes: Uint8Array): void {
    if (this.ended) return;
    try {
      if (this.sink !== undefined || (this.rh?.size ?? 0) > 0 || (this.rt?.size ?? 0) > 0) {
        const sink = this.generalSink();
        this.ended = true;
        sink.sendLast(bytes);
        return;
      }
      this.ended = true;
      const s = this.stream;
      if (s.destroyed || s.closed) return;
      s.respond(
        okHeaders.get(this.contentType) ?? { ":status": 200, "content-type": this.contentType },
        WAIT_FOR_TRAILERS,
      );
      s.on("wantTrailers", sendOkTrailers);
      if (bytes.length < COPY_LIMIT) {
        const out = Buffer.allocUnsafe(5 + bytes.length);
        out[0] = 0;
        out.writeUInt32BE(bytes.length, 1);
        out.set(bytes, 5);
        s.end(out);
      } else {
        const prefix = Buffer.allocUnsafe(5);
        prefix[0] = 0;
        prefix.writeUInt32BE(bytes.length, 1);
        s.cork();
        s.write(prefix);
        s.end(bytes);
      }
    } catch (e) {
      this.ended = false;
      this.finish(statusOfThrown(e));
    }
  }

  /** Ends the call with a status (Trailers-Only when nothing was sent yet). */
  finish(status: Status): void {
    if (this.ended) return;
    this.ended = true;
    this.generalSink().finish(status);
  }

  private abortSignal(reason: unknown): void {
    if (this.abortReason !== NOT_ABORTED) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /** Deadline or cancellation: `ctx.signal` aborts with the status, the peer gets it. */
  fail(s: Status): void {
    this.abortSignal(new StatusError(s.code, s.message));
    this.finish(s);
  }

  /** Forced shutdown (TripleServer.close past its grace period). */
  abort(): void {
    if (this.abortReason !== NOT_ABORTED) return;
    this.abortSignal(new DOMException("This operation was aborted", "AbortError"));
    this.finish({ code: Code.UNAVAILABLE, message: "server shutting down", details: [] });
  }

  closed(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.host.untrack(this);
    if (!this.ended) this.fail({ code: Code.CANCELLED, message: "cancelled by the client", details: [] });
    (this.stream as CallStream)[kCall] = undefined;
  }
}
