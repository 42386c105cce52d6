import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import type { Readable } from "node:stream";
import { GrpcWebDecoder, parseGrpcWebRequestHeaders } from "@tribridge/grpc-web";
import {
  Code,
  type CompressionRegistry,
  decompressMessage,
  type Envelope,
  EnvelopeDecoder,
  identity,
  Metadata,
  OK_STATUS,
  parseRequestHeaders,
  resolveEncoding,
  type Status,
  StatusError,
  statusFromError,
} from "@tribridge/triple";
import type { ServiceRegistry } from "../registry.js";
import { type CorsOptions, corsResponseHeaders } from "./cors.js";
import type { HttpOut } from "./http-out.js";
import { type FrameParser, MessageSource } from "./message-source.js";
import { GrpcSink, GrpcWebSink, type ResponseSink, runCall } from "./server-call.js";
import { type RawMethod, type ServerProtocol, type StreamContext, statusOfThrown } from "./types.js";
import { type PathRoute, tryServeUnary } from "./unary-server.js";

/** What the per-call code needs from the server. */
export interface CallHost {
  route(service: string, method: string): RawMethod | undefined;
  readonly maxMessageBytes: number;
  readonly compression: CompressionRegistry;
  readonly cors: CorsOptions | undefined;
  /** Wrapper-mode (Hessian) services, also served in the HTTP/JSON form. */
  readonly registry: ServiceRegistry;
  /** Registers a running call, so a forced shutdown can abort it. */
  track(call: Abortable): void;
  untrack(call: Abortable): void;
  /** Resolved unary routes by `:path`, for the fast path (unary-server.ts). */
  readonly pathCache: Map<string, PathRoute>;
}

/** What shutdown needs of a running call. */
export interface Abortable {
  abort(): void;
}

interface CallInit {
  readonly protocol: ServerProtocol;
  readonly service: string;
  readonly method: string;
  readonly headers: Metadata;
  readonly metadata: Metadata;
  readonly timeoutMs: number | undefined;
  readonly body: Readable;
  readonly parser: FrameParser;
  readonly encoding: string | undefined;
  readonly remoteAddress: string | undefined;
  makeSink(ctx: StreamContext): ResponseSink;
  /** Calls back when the peer cancels (RST_STREAM, connection loss). */
  onPeerGone(cb: () => void): void;
}

function startCall(host: CallHost, init: CallInit): void {
  const controller = new AbortController();
  const deadline = init.timeoutMs === undefined ? undefined : Date.now() + init.timeoutMs;
  const ctx: StreamContext = {
    service: init.service,
    method: init.method,
    protocol: init.protocol,
    metadata: init.metadata,
    headers: init.headers,
    deadline,
    signal: controller.signal,
    responseHeaders: new Metadata(),
    responseTrailers: new Metadata(),
    remoteAddress: init.remoteAddress,
    sendHeaders: () => sink.sendHeaders(),
  };
  const sink: ResponseSink = init.makeSink(ctx);
  const fail = (s: Status) => {
    if (!controller.signal.aborted) controller.abort(new StatusError(s.code, s.message));
    sink.finish(s);
  };
  const method = host.route(init.service, init.method);
  if (method === undefined) {
    init.body.resume();
    sink.finish({ code: Code.UNIMPLEMENTED, message: `method ${init.service}/${init.method} not found`, details: [] });
    return;
  }
  let transform: ((e: Envelope) => Promise<Uint8Array>) | undefined;
  try {
    const coding = resolveEncoding(host.compression, init.encoding, "server");
    if (coding !== identity) transform = (e) => decompressMessage(e.flags, e.data, coding, host.maxMessageBytes);
  } catch (e) {
    init.body.resume();
    ctx.responseTrailers.set("grpc-accept-encoding", host.compression.acceptEncoding());
    sink.finish(statusFromError(e));
    return;
  }
  if (method.unary !== undefined && transform === undefined) {
    runUnaryFast(host, init, method.unary, ctx, sink, controller, fail);
    return;
  }
  const source = new MessageSource(init.body, init.parser, transform);
  host.track(controller);
  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined) {
    timer = setTimeout(
      () => fail({ code: Code.DEADLINE_EXCEEDED, message: "deadline exceeded", details: [] }),
      Math.max(0, deadline - Date.now()),
    );
  }
  // A shutdown that gives up on the call aborts the controller; the peer must hear of it.
  controller.signal.addEventListener("abort", () => {
    const r = controller.signal.reason;
    sink.finish(
      r instanceof StatusError ? r.status : { code: Code.UNAVAILABLE, message: "server shutting down", details: [] },
    );
  });
  init.onPeerGone(() => {
    if (sink.ended) return;
    fail({ code: Code.CANCELLED, message: "cancelled by the client", details: [] });
  });
  runCall(method, ctx, source, sink).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
    host.untrack(controller);
    // The handler may stop before reading the whole body; drain it so the stream can close.
    init.body.resume();
  });
}

/**
 * Unary calls without the streaming machinery: collect the body, decode its one message,
 * run the handler, answer. Same outcomes as the general path (deadline, cancellation, a
 * body with zero or several messages is UNIMPLEMENTED), fewer promises per call.
 */
function runUnaryFast(
  host: CallHost,
  init: CallInit,
  unary: NonNullable<RawMethod["unary"]>,
  ctx: StreamContext,
  sink: ResponseSink,
  controller: AbortController,
  fail: (s: Status) => void,
): void {
  host.track(controller);
  let timer: NodeJS.Timeout | undefined;
  if (ctx.deadline !== undefined) {
    timer = setTimeout(
      () => fail({ code: Code.DEADLINE_EXCEEDED, message: "deadline exceeded", details: [] }),
      Math.max(0, ctx.deadline - Date.now()),
    );
  }
  const done = () => {
    if (timer !== undefined) clearTimeout(timer);
    host.untrack(controller);
  };
  controller.signal.addEventListener("abort", () => {
    const r = controller.signal.reason;
    sink.finish(
      r instanceof StatusError ? r.status : { code: Code.UNAVAILABLE, message: "server shutting down", details: [] },
    );
  });
  init.onPeerGone(() => {
    if (!sink.ended) fail({ code: Code.CANCELLED, message: "cancelled by the client", details: [] });
  });
  let request: Envelope | undefined;
  let count = 0;
  let broken = false;
  const body = init.body;
  body.on("data", (chunk: Uint8Array) => {
    if (broken) return;
    try {
      for (const e of init.parser.push(chunk)) {
        request = e;
        count++;
      }
    } catch (e) {
      broken = true;
      sink.finish(statusFromError(e));
      done();
    }
  });
  body.on("end", () => {
    if (broken || sink.ended) return done();
    try {
      init.parser.end();
      if (count !== 1) throw new StatusError(Code.UNIMPLEMENTED, `unary request with ${count} messages`);
      if (((request as Envelope).flags & 1) !== 0) {
        throw new StatusError(Code.INTERNAL, "compressed message on a stream without grpc-encoding");
      }
    } catch (e) {
      sink.finish(statusFromError(e));
      return done();
    }
    let out: Uint8Array | Promise<Uint8Array>;
    try {
      out = unary(ctx, (request as Envelope).data);
    } catch (e) {
      sink.finish(statusOfThrown(e));
      return done();
    }
    Promise.resolve(out)
      .then(async (bytes) => {
        if (sink.sendLast !== undefined) return sink.sendLast(bytes);
        await sink.send(bytes);
        sink.finish(OK_STATUS);
      })
      .catch((e) => sink.finish(statusOfThrown(e)))
      .finally(done);
  });
}

/** A gRPC (or Triple gRPC-form) call on an HTTP/2 stream. */
export function serveGrpc(host: CallHost, stream: ServerHttp2Stream, raw: IncomingHttpHeaders): void {
  if (tryServeUnary(host, stream, raw)) return;
  let head: ReturnType<typeof parseRequestHeaders>;
  try {
    head = parseRequestHeaders(raw);
  } catch (e) {
    const s = statusFromError(e);
    const httpStatus = e instanceof StatusError ? e.httpStatus : undefined;
    stream.resume();
    stream.respond(
      {
        ":status": httpStatus ?? 200,
        "content-type": "application/grpc",
        "grpc-status": String(s.code),
        "grpc-message": encodeURIComponent(s.message),
      },
      { endStream: true },
    );
    return;
  }
  const decoder = new EnvelopeDecoder({ maxMessageBytes: host.maxMessageBytes });
  startCall(host, {
    protocol: "grpc",
    service: head.service,
    method: head.method,
    headers: head.headers,
    metadata: head.metadata,
    timeoutMs: head.timeoutMs,
    body: stream,
    parser: decoder,
    encoding: head.encoding,
    remoteAddress: stream.session?.socket?.remoteAddress,
    // Answer in the content type asked for: Java Triple sends bare `application/grpc`.
    makeSink: (ctx) => new GrpcSink(stream, ctx, head.contentType.split(";")[0] as string, undefined),
    onPeerGone: (cb) =>
      stream.once("close", () => {
        cb();
      }),
  });
}

/** A gRPC-Web call, over HTTP/2 or HTTP/1.1. */
export function serveGrpcWeb(
  host: CallHost,
  body: Readable,
  headers: Metadata,
  out: HttpOut,
  onClose: (cb: () => void) => void,
  remoteAddress: string | undefined,
): void {
  const cors = corsResponseHeaders(host.cors, headers);
  let head: ReturnType<typeof parseGrpcWebRequestHeaders>;
  try {
    head = parseGrpcWebRequestHeaders(headers);
  } catch (e) {
    const s = statusFromError(e);
    body.resume();
    out.writeHead(e instanceof StatusError && e.httpStatus !== undefined ? e.httpStatus : 200, {
      ...cors,
      "content-type": "application/grpc-web+proto",
      "grpc-status": String(s.code),
      "grpc-message": encodeURIComponent(s.message),
    });
    out.end();
    return;
  }
  const decoder = new GrpcWebDecoder({
    role: "request",
    text: head.contentType.text,
    maxMessageBytes: host.maxMessageBytes,
  });
  const parser: FrameParser = {
    push(chunk) {
      const frames = decoder.push(chunk);
      const msgs: Envelope[] = [];
      for (const f of frames) if (f.type === "message") msgs.push({ flags: f.compressed ? 1 : 0, data: f.data });
      return msgs;
    },
    end: () => decoder.end(),
  };
  startCall(host, {
    protocol: "grpc-web",
    service: head.service,
    method: head.method,
    headers: head.headers,
    metadata: head.metadata,
    timeoutMs: head.timeoutMs,
    body,
    parser,
    encoding: headers.get("grpc-encoding"),
    remoteAddress,
    makeSink: (ctx) => new GrpcWebSink(out, ctx, head.textResponse, head.contentType.codec, cors),
    onPeerGone: onClose,
  });
}
