import { type ClientHttp2Session, type ClientHttp2Stream, constants, type IncomingHttpHeaders } from "node:http2";
import {
  Code,
  EnvelopeDecoder,
  grpcCodecOf,
  Metadata,
  OK_STATUS,
  parseResponseHeaders,
  type ResponseHead,
  resolveResponseStatus,
  type Status,
  statusFromError,
} from "@tribridge/triple";
import { codeOfRst, frameMessage } from "./client-call.js";
import type { DeadlineList, Due } from "./deadlines.js";
import { TripleError } from "./types.js";

/**
 * A unary call without ClientCall's streaming machinery, tuned against the client rows of
 * bench/triple-compare.ts: one object and one promise per call, stream listeners that are
 * module functions (no closures), the deadline a link in the client's DeadlineList (no timer
 * per call), the call itself as the AbortSignal listener (`handleEvent`, no closure), a
 * response that came in one chunk used in place, and the common answer (200, the codec asked
 * for, `grpc-status: 0` trailers) recognised without building Metadata. Outcomes match
 * ClientCall + TripleClient.unary: the same statuses, errors, metadata and trailers; anything
 * unusual goes through the codec's parsers.
 */

/** What every unary call of one client shares (one object per client, not per call). */
export interface UnaryClientConfig {
  readonly maxMessageBytes: number;
  /** Codec of the request content type; the response must use the same. */
  readonly codec: string;
  /** Where a call with a deadline waits for it. */
  readonly deadlines: DeadlineList;
  /** Called once the stream closed, before the result settles. */
  readonly done: (session: ClientHttp2Session) => void;
}

/** The per-call options UnaryCall reads (TripleCallOptions has them). */
export interface UnaryCallOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onHeaders?: ((headers: Metadata) => void) | undefined;
  readonly onTrailers?: ((trailers: Metadata) => void) | undefined;
}

const NO_END_STREAM = Object.freeze({ endStream: false });
const kCall = Symbol("tribridge.unaryClientCall");
type CallStream = ClientHttp2Stream & { [kCall]?: UnaryCall | undefined };
const codecs = new Map<string, string | null>();

/** Codec of a response content type, cached (a client sees few distinct values). */
function codecOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  let c = codecs.get(contentType);
  if (c === undefined) {
    c = grpcCodecOf(contentType) ?? null;
    if (codecs.size < 64) codecs.set(contentType, c);
  }
  return c ?? undefined;
}

// Promise resolvers without a closure per call (Promise.withResolvers is Node 22+).
let nextResolve: (v: Uint8Array) => void = () => {};
let nextReject: (e: unknown) => void = () => {};
function executor(resolve: (v: Uint8Array) => void, reject: (e: unknown) => void): void {
  nextResolve = resolve;
  nextReject = reject;
}

function onResponse(this: CallStream, h: IncomingHttpHeaders): void {
  this[kCall]?.response(h);
}
function onData(this: CallStream, chunk: Buffer): void {
  this[kCall]?.data(chunk);
}
function onTrailers(this: CallStream, t: IncomingHttpHeaders): void {
  const c = this[kCall];
  if (c !== undefined) c.rawTrailers = t;
}
function onError(this: CallStream, e: unknown): void {
  const c = this[kCall];
  if (c !== undefined) c.sessionError = e;
}
function onClose(this: CallStream): void {
  this[kCall]?.closed();
}
/**
 * From this size a request goes out as prefix + message (two chunks, one writev) instead of
 * being copied behind the prefix; below it the copy is cheaper than the second chunk.
 */
const COPY_BELOW = 16 * 1024;

export class UnaryCall implements Due {
  readonly result: Promise<Uint8Array>;
  rawTrailers: IncomingHttpHeaders | undefined;
  sessionError: unknown;
  private readonly resolve: (v: Uint8Array) => void;
  private readonly reject: (e: unknown) => void;
  private readonly stream: ClientHttp2Stream;
  private rawHead: IncomingHttpHeaders | undefined;
  /** The response headers are the plain kind: no need to parse them for an OK call. */
  private headOk = false;
  private head: ResponseHead | undefined;
  private headBroken = false;
  private local: Status | undefined;
  private message: Uint8Array | undefined;
  private count = 0;
  private decoder: EnvelopeDecoder | undefined;
  /** Listening on `options.signal`. */
  private listening = false;
  dueAt = 0;
  prevDue: Due | undefined;
  nextDue: Due | undefined;
  listed = false;

  constructor(
    private readonly session: ClientHttp2Session,
    headers: Record<string, string | string[]>,
    body: Uint8Array,
    private readonly config: UnaryClientConfig,
    deadline: number | undefined,
    private readonly options: UnaryCallOptions,
  ) {
    this.result = new Promise(executor);
    this.resolve = nextResolve;
    this.reject = nextReject;
    const stream = session.request(headers, NO_END_STREAM) as CallStream;
    this.stream = stream;
    stream[kCall] = this;
    stream.on("response", onResponse);
    stream.on("data", onData);
    stream.on("trailers", onTrailers);
    stream.on("error", onError);
    stream.on("close", onClose);
    if (body.length < COPY_BELOW) stream.end(frameMessage(body));
    else {
      const prefix = Buffer.allocUnsafe(5);
      prefix[0] = 0;
      prefix.writeUInt32BE(body.length, 1);
      stream.cork();
      stream.write(prefix);
      stream.end(body);
    }
    if (deadline !== undefined) {
      this.dueAt = deadline;
      config.deadlines.add(this);
    }
    const signal = options.signal;
    if (signal !== undefined) {
      if (signal.aborted) this.handleEvent();
      else {
        this.listening = true;
        signal.addEventListener("abort", this, { once: true });
      }
    }
  }

  /** The deadline passed (called by the DeadlineList). */
  expire(): void {
    this.abort({ code: Code.DEADLINE_EXCEEDED, message: "deadline exceeded", details: [] });
  }

  /** The caller's signal was aborted (the call is its own listener object). */
  handleEvent(): void {
    this.abort({ code: Code.CANCELLED, message: "cancelled by the caller", details: [] });
  }

  /** Ends the call locally with this status and resets the stream (CANCEL). */
  abort(s: Status): void {
    if (this.local !== undefined) return;
    this.local = s;
    if (!this.stream.closed) this.stream.close(constants.NGHTTP2_CANCEL);
  }

  response(h: IncomingHttpHeaders): void {
    this.rawHead = h;
    const st = h[":status"] as unknown; // a number from node:http2
    if (
      (st === 200 || st === "200") &&
      h["grpc-status"] === undefined &&
      codecOf(h["content-type"]) === this.config.codec
    ) {
      this.headOk = true;
    } else {
      try {
        const head = parseResponseHeaders(h);
        this.head = head;
        if (head.trailersOnly === undefined && head.codec !== this.config.codec) {
          this.abort({
            code: Code.INTERNAL,
            message: `response codec ${head.codec}, asked for ${this.config.codec}`,
            details: [],
          });
        }
      } catch (e) {
        this.headBroken = true;
        this.abort(statusFromError(e));
      }
    }
    if (this.options.onHeaders !== undefined) {
      this.options.onHeaders(Metadata.from(h as Record<string, string>).filter((k) => !k.startsWith(":")));
    }
  }

  private parsedHead(): ResponseHead | undefined {
    if (this.head === undefined && this.rawHead !== undefined && !this.headBroken) {
      this.head = parseResponseHeaders(this.rawHead);
    }
    return this.head;
  }

  data(chunk: Buffer): void {
    // Bytes before valid headers are ignored (the headers' failure decides the status).
    if (this.local !== undefined || (!this.headOk && this.head === undefined)) return;
    const max = this.config.maxMessageBytes;
    if (this.decoder === undefined && this.count === 0 && chunk.length >= 5) {
      const length = chunk.readUInt32BE(1);
      if ((chunk[0] as number) <= 1 && length === chunk.length - 5 && length <= max) {
        this.got(chunk[0] as number, chunk.subarray(5));
        return;
      }
    }
    // The decoder starts between messages: a message handled above was whole.
    if (this.decoder === undefined) this.decoder = new EnvelopeDecoder({ maxMessageBytes: max });
    try {
      for (const m of this.decoder.push(chunk)) this.got(m.flags, m.data);
    } catch (e) {
      this.abort(statusFromError(e));
    }
  }

  private got(flags: number, data: Uint8Array): void {
    if (this.local !== undefined) return;
    if ((flags & 1) !== 0) {
      this.abort({ code: Code.INTERNAL, message: "compressed message on a stream without grpc-encoding", details: [] });
      return;
    }
    if (this.count++ === 0) this.message = data;
  }

  closed(): void {
    const stream = this.stream;
    (stream as CallStream)[kCall] = undefined;
    if (this.listed) this.config.deadlines.remove(this);
    if (this.listening) this.options.signal?.removeEventListener("abort", this);
    let status = this.local;
    const t = this.rawTrailers;
    const ended = stream.readableEnded;
    if (status === undefined && ended && !this.headBroken && this.rawHead !== undefined) {
      if (this.decoder !== undefined && !this.decoder.idle) {
        // A message cut short by END_STREAM (the decoder's `truncated`).
        try {
          this.decoder.end();
        } catch (e) {
          status = statusFromError(e);
        }
      }
      if (
        status === undefined &&
        this.headOk &&
        t !== undefined &&
        t["grpc-status"] === "0" &&
        t["grpc-message"] === undefined &&
        t["grpc-status-details-bin"] === undefined
      ) {
        status = OK_STATUS;
      }
    }
    let trailers: Metadata | undefined;
    if (status === undefined) {
      trailers = t === undefined ? undefined : Metadata.from(t as Record<string, string>);
      status = this.finalStatus(stream.rstCode, ended, trailers);
    }
    this.config.done(this.session);
    if (status.code !== Code.OK) {
      const head = this.headBroken ? undefined : this.parsedHead();
      const headers =
        t === undefined && head?.trailersOnly !== undefined ? new Metadata() : (head?.metadata ?? new Metadata());
      this.reject(new TripleError(status, { metadata: headers, trailers: trailers ?? this.trailersMetadata() }));
      return;
    }
    if (this.options.onTrailers !== undefined) this.options.onTrailers(trailers ?? this.trailersMetadata());
    if (this.count !== 1) {
      const n = Math.min(this.count, 2);
      this.reject(
        new TripleError({ code: Code.UNIMPLEMENTED, message: `unary response had ${n} messages`, details: [] }),
      );
      return;
    }
    this.resolve(this.message as Uint8Array);
  }

  /** The call's trailers; for a Trailers-Only response, its one header block. */
  private trailersMetadata(): Metadata {
    if (this.rawTrailers !== undefined) return Metadata.from(this.rawTrailers as Record<string, string>);
    const head = this.headBroken ? undefined : this.parsedHead();
    return head?.trailersOnly !== undefined ? head.headers.filter((k) => !k.startsWith(":")) : new Metadata();
  }

  private finalStatus(rst: number, ended: boolean, trailers: Metadata | undefined): Status {
    const head = this.headBroken ? undefined : this.parsedHead();
    if (ended && head !== undefined) return resolveResponseStatus(head, trailers, this.count);
    if (this.sessionError !== undefined && head === undefined) {
      const e = this.sessionError;
      return {
        code: Code.UNAVAILABLE,
        message: `connection failed: ${e instanceof Error ? e.message : String(e)}`,
        details: [],
      };
    }
    if (rst !== 0 && rst !== undefined) {
      return { code: codeOfRst(rst), message: `stream reset by the server (code ${rst})`, details: [] };
    }
    return { code: Code.UNAVAILABLE, message: "stream closed before the response ended", details: [] };
  }
}
