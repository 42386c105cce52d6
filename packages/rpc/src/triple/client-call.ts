import { type ClientHttp2Session, type ClientHttp2Stream, constants } from "node:http2";
import {
  Code,
  EnvelopeDecoder,
  grpcCodecOf,
  Metadata,
  parseResponseHeaders,
  type ResponseHead,
  resolveResponseStatus,
  type Status,
  statusFromError,
} from "@tribridge/triple";
import { writeWithBackpressure } from "./http-out.js";
import { MessageSource } from "./message-source.js";
import { TripleError } from "./types.js";

export interface ClientCallInit {
  readonly headers: Record<string, string | string[]>;
  readonly maxMessageBytes: number;
  /** Epoch ms; the call is cancelled locally (RST_STREAM CANCEL) when it passes. */
  readonly deadline: number | undefined;
  readonly signal: AbortSignal | undefined;
  /** Whole request already known (unary, server streaming): sent with END_STREAM at once. */
  readonly body?: Uint8Array;
}

export interface CallOutcome {
  readonly status: Status;
  readonly headers: Metadata;
  readonly trailers: Metadata;
}

// RST_STREAM codes to gRPC codes (grpc/doc/PROTOCOL-HTTP2.md "Errors").
export function codeOfRst(rst: number): number {
  switch (rst) {
    case constants.NGHTTP2_REFUSED_STREAM:
      return Code.UNAVAILABLE;
    case constants.NGHTTP2_CANCEL:
      return Code.CANCELLED;
    case constants.NGHTTP2_ENHANCE_YOUR_CALM:
      return Code.RESOURCE_EXHAUSTED;
    case constants.NGHTTP2_INADEQUATE_SECURITY:
      return Code.PERMISSION_DENIED;
    default:
      return Code.INTERNAL;
  }
}

/** Length-prefixed message in one buffer. */
export function frameMessage(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/**
 * One client call on an HTTP/2 stream: sends framed requests with backpressure, exposes the
 * responses as a MessageSource (paused when unread, so the server's window closes), and
 * settles `outcome` once the stream is closed, from trailers, a Trailers-Only response,
 * RST_STREAM, a local deadline or cancellation, or a connection failure (UNAVAILABLE).
 */
export class ClientCall {
  readonly stream: ClientHttp2Stream;
  readonly responses: MessageSource;
  readonly outcome: Promise<CallOutcome>;
  private head: ResponseHead | undefined;
  private trailers: Metadata | undefined;
  private local: Status | undefined;
  private ended = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(session: ClientHttp2Session, init: ClientCallInit) {
    const hasBody = init.body !== undefined;
    const stream = session.request(init.headers, { endStream: false });
    this.stream = stream;
    if (hasBody) stream.end(frameMessage(init.body as Uint8Array));
    const decoder = new EnvelopeDecoder({ maxMessageBytes: init.maxMessageBytes });
    this.responses = new MessageSource(stream, {
      push: (chunk) => {
        if (this.head === undefined) return [];
        return decoder.push(chunk);
      },
      end: () => decoder.end(),
    });
    stream.on("response", (h) => {
      try {
        this.head = parseResponseHeaders(h);
        const asked = grpcCodecOf(String(init.headers["content-type"] ?? "")) ?? "proto";
        if (this.head.trailersOnly === undefined && this.head.codec !== asked) {
          this.abort({
            code: Code.INTERNAL,
            message: `response codec ${this.head.codec}, asked for ${asked}`,
            details: [],
          });
        }
      } catch (e) {
        this.abort(statusFromError(e));
      }
    });
    stream.on("trailers", (t) => {
      this.trailers = Metadata.from(t);
    });
    stream.on("end", () => {
      this.ended = true;
    });
    let sessionError: unknown;
    stream.on("error", (e) => {
      sessionError = e;
    });
    this.outcome = new Promise((resolve) => {
      stream.on("close", () => {
        if (this.timer !== undefined) clearTimeout(this.timer);
        resolve({
          status: this.finalStatus(stream.rstCode, sessionError),
          // Trailers-Only: the one block is trailers, not headers (as grpc-go and connect-go see it).
          headers:
            this.trailers === undefined && this.head?.trailersOnly !== undefined
              ? new Metadata()
              : (this.head?.metadata ?? new Metadata()),
          // A Trailers-Only response carries its trailers in the one HEADERS frame.
          trailers:
            this.trailers ??
            (this.head?.trailersOnly !== undefined
              ? this.head.headers.filter((k) => !k.startsWith(":"))
              : new Metadata()),
        });
      });
    });
    if (init.deadline !== undefined) {
      this.timer = setTimeout(
        () => this.abort({ code: Code.DEADLINE_EXCEEDED, message: "deadline exceeded", details: [] }),
        Math.max(0, init.deadline - Date.now()),
      );
    }
    const signal = init.signal;
    if (signal !== undefined) {
      const onAbort = () => this.abort({ code: Code.CANCELLED, message: "cancelled by the caller", details: [] });
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        void this.outcome.then(() => signal.removeEventListener("abort", onAbort));
      }
    }
  }

  /** Ends the call locally with this status and resets the stream (CANCEL). */
  abort(s: Status): void {
    if (this.local !== undefined) return;
    this.local = s;
    this.responses.fail(new TripleError(s));
    if (!this.stream.closed) this.stream.close(constants.NGHTTP2_CANCEL);
  }

  private finalStatus(rst: number, sessionError: unknown): Status {
    if (this.local !== undefined) return this.local;
    if (this.ended && this.head !== undefined) {
      return resolveResponseStatus(this.head, this.trailers, this.responses.received);
    }
    if (sessionError !== undefined && this.head === undefined) {
      const msg = sessionError instanceof Error ? sessionError.message : String(sessionError);
      return { code: Code.UNAVAILABLE, message: `connection failed: ${msg}`, details: [] };
    }
    if (rst !== 0 && rst !== undefined) {
      return { code: codeOfRst(rst), message: `stream reset by the server (code ${rst})`, details: [] };
    }
    return { code: Code.UNAVAILABLE, message: "stream closed before the response ended", details: [] };
  }

  /** Sends one request message; resolves when HTTP/2 flow control took it. */
  send(message: Uint8Array): Promise<void> {
    if (this.local !== undefined) return Promise.reject(new TripleError(this.local));
    return writeWithBackpressure(this.stream, frameMessage(message));
  }

  /** Half-closes: no more requests. */
  closeSend(): void {
    if (!this.stream.closed && !this.stream.writableEnded) this.stream.end();
  }

  /** Responses in order; after the last, throws TripleError unless the status is OK. */
  async *read(): AsyncGenerator<Uint8Array> {
    for (;;) {
      let m: Uint8Array | undefined;
      try {
        m = await this.responses.next();
      } catch (e) {
        // A body error while the stream is still open is our decoder giving up; otherwise
        // the stream closed and `outcome` knows why.
        if (this.local === undefined && !this.stream.closed && !(e instanceof TripleError)) {
          this.abort(statusFromError(e));
        }
        break;
      }
      if (m === undefined) break;
      yield m;
    }
    await this.check();
  }

  /** Waits for the end of the call and throws unless it ended OK. */
  async check(): Promise<CallOutcome> {
    const o = await this.outcome;
    if (o.status.code !== Code.OK) throw new TripleError(o.status, { metadata: o.headers, trailers: o.trailers });
    return o;
  }
}
