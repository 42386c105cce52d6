import type { ServerHttp2Stream } from "node:http2";
import { encodeMessageFrame, encodeTrailerFrame, grpcWebContentType } from "@tribridge/grpc-web";
import {
  buildResponseHeaders,
  buildTrailers,
  buildTrailersOnly,
  Code,
  type HeaderRecord,
  Metadata,
  OK_STATUS,
  type Status,
  StatusError,
} from "@tribridge/triple";
import type { HttpOut } from "./http-out.js";
import { writeWithBackpressure } from "./http-out.js";
import type { MessageSource } from "./message-source.js";
import { type RawMethod, type StreamContext, statusOfThrown } from "./types.js";

/** Where a call's responses go: gRPC on an HTTP/2 stream, or a gRPC-Web body. */
export interface ResponseSink {
  send(message: Uint8Array): Promise<void>;
  /** Sends the response headers if not yet sent. */
  sendHeaders(): void;
  /** The only response of a unary call, ending it OK (no backpressure wait needed). */
  sendLast?(message: Uint8Array): void;
  /** Ends the call with this status; later calls are ignored. */
  finish(status: Status): void;
  readonly ended: boolean;
}

/** Headers that fail validation must not take the call down with them: they are dropped. */
function safeHeaders(build: () => HeaderRecord, fallback: () => HeaderRecord): HeaderRecord {
  try {
    return build();
  } catch {
    return fallback();
  }
}

export class GrpcSink implements ResponseSink {
  ended = false;
  private headersSent = false;

  constructor(
    private readonly stream: ServerHttp2Stream,
    private readonly ctx: StreamContext,
    private readonly contentType: string,
    private readonly extraHeaders: HeaderRecord | undefined,
  ) {}

  /** Unary answer in one go: headers, the message with END_STREAM's last DATA, trailers. */
  sendLast(message: Uint8Array): void {
    if (this.ended || this.stream.destroyed) return;
    this.openHeaders();
    this.ended = true;
    const stream = this.stream;
    stream.once("wantTrailers", () => {
      if (!stream.destroyed) {
        stream.sendTrailers(
          safeHeaders(
            () => buildTrailers(OK_STATUS, this.ctx.responseTrailers),
            () => buildTrailers(OK_STATUS),
          ),
        );
      }
    });
    stream.end(frame(message));
  }

  sendHeaders(): void {
    if (!this.ended && !this.stream.destroyed) this.openHeaders();
  }

  private openHeaders(): void {
    if (!this.headersSent) {
      this.headersSent = true;
      const h = safeHeaders(
        () => buildResponseHeaders({ contentType: this.contentType, metadata: this.ctx.responseHeaders }),
        () => buildResponseHeaders({ contentType: this.contentType }),
      );
      if (this.extraHeaders !== undefined) Object.assign(h, this.extraHeaders);
      this.stream.respond(h, { waitForTrailers: true });
    }
  }

  send(message: Uint8Array): Promise<void> {
    if (this.ended || this.stream.destroyed) return Promise.reject(new StatusError(Code.CANCELLED, "call ended"));
    this.openHeaders();
    return writeWithBackpressure(this.stream, frame(message));
  }

  finish(status: Status): void {
    if (this.ended) return;
    this.ended = true;
    const stream = this.stream;
    if (stream.destroyed || stream.closed) return;
    const trailers = () =>
      safeHeaders(
        () => buildTrailers(status, this.ctx.responseTrailers),
        () => buildTrailers(status),
      );
    // Response metadata set by the handler goes out as real headers (as grpc-go does),
    // so clients see it as headers even when the call fails before any message.
    if (!this.headersSent && this.ctx.responseHeaders.size > 0) this.openHeaders();
    if (!this.headersSent) {
      // Trailers-Only: one HEADERS frame with END_STREAM.
      const md = Metadata.from(this.ctx.responseHeaders);
      for (const [k, v] of this.ctx.responseTrailers) md.append(k, v);
      const h = safeHeaders(
        () => buildTrailersOnly(status, { contentType: this.contentType, metadata: md }),
        () => buildTrailersOnly(status, { contentType: this.contentType }),
      );
      if (this.extraHeaders !== undefined) Object.assign(h, this.extraHeaders);
      stream.respond(h, { endStream: true });
      return;
    }
    stream.once("wantTrailers", () => {
      if (!stream.destroyed) stream.sendTrailers(trailers());
    });
    stream.end();
  }
}

/** Length-prefixed message: one buffer, so small messages go out in one DATA frame. */
function frame(message: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/**
 * gRPC-Web: headers without status, message frames, then the trailer frame. Text mode
 * base64-encodes each write on its own (padded), as Envoy does; decoders accept that.
 */
export class GrpcWebSink implements ResponseSink {
  ended = false;

  constructor(
    private readonly out: HttpOut,
    private readonly ctx: StreamContext,
    private readonly text: boolean,
    private readonly codec: string,
    private readonly extraHeaders: Record<string, string>,
  ) {}

  sendHeaders(): void {
    if (!this.ended && !this.out.destroyed) this.head();
  }

  private head(): void {
    if (this.out.headersSent) return;
    const h = Object.create(null) as HeaderRecord;
    try {
      this.ctx.responseHeaders.toRecord(h);
    } catch {
      // unreachable: toRecord does not validate
    }
    Object.assign(h, this.extraHeaders);
    h["content-type"] = grpcWebContentType(this.text, this.codec);
    this.out.writeHead(200, h);
  }

  private bytes(b: Uint8Array): Uint8Array {
    return this.text ? Buffer.from(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64")) : b;
  }

  send(message: Uint8Array): Promise<void> {
    if (this.ended || this.out.destroyed) return Promise.reject(new StatusError(Code.CANCELLED, "call ended"));
    this.head();
    return this.out.write(this.bytes(encodeMessageFrame(message)));
  }

  finish(status: Status): void {
    if (this.ended) return;
    this.ended = true;
    if (this.out.destroyed) return;
    this.head();
    const t = safeHeaders(
      () => buildTrailers(status, this.ctx.responseTrailers),
      () => buildTrailers(status),
    );
    this.out.end(this.bytes(encodeTrailerFrame(t)));
  }
}

/**
 * Runs a handler to completion and ends the call with its outcome. Cancellation and the
 * deadline are the caller's (the server's) business: they abort `ctx.signal` and finish the
 * sink themselves; a handler still running then just has its sends rejected.
 */
export async function runCall(method: RawMethod, ctx: StreamContext, source: MessageSource, sink: ResponseSink) {
  let requests: AsyncIterable<Uint8Array> = source;
  if (method.kind === "unary" || method.kind === "server_streaming") requests = singleRequest(source);
  try {
    await method.handler(ctx, requests, (m) => sink.send(m));
    sink.finish(OK_STATUS);
  } catch (e) {
    sink.finish(statusOfThrown(e));
  }
}

/** Unary-request kinds carry exactly one message; connect-go answers UNIMPLEMENTED otherwise. */
async function* singleRequest(source: MessageSource): AsyncGenerator<Uint8Array> {
  const first = await source.next();
  if (first === undefined) throw new StatusError(Code.UNIMPLEMENTED, "request stream ended without a message");
  const second = await source.next();
  if (second !== undefined)
    throw new StatusError(Code.UNIMPLEMENTED, "more than one request message for a unary request");
  yield first;
}
