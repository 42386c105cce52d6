import {
  buildGrpcWebRequestHeaders,
  encodeMessageFrame,
  encodeTextChunk,
  GrpcWebDecoder,
  parseGrpcWebResponseHeaders,
  resolveGrpcWebStatus,
} from "@tribridge/grpc-web";
import { Code, type HeaderInput, Metadata, type Status, statusFromError } from "@tribridge/triple";
import { type CallOptions, effectiveDeadline } from "../invocation.js";
import type { MethodInfo } from "../triple/client.js";
import { TripleError } from "../triple/types.js";

export interface GrpcWebClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080` (a path prefix is kept). */
  readonly baseUrl: string;
  /** Base64 text bodies (`application/grpc-web-text`), what browsers without binary streaming use. */
  readonly text?: boolean;
  /** A fetch implementation; default `globalThis.fetch` (Node ≥ 18, browsers). */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Largest response message accepted (default 4 MiB). */
  readonly maxMessageBytes?: number;
}

export interface GrpcWebCallOptions extends CallOptions {
  readonly metadata?: HeaderInput;
  readonly onHeaders?: (headers: Metadata) => void;
  readonly onTrailers?: (trailers: Metadata) => void;
}

/**
 * A gRPC-Web client on `fetch`, so the same code runs in Node and in browsers: unary and
 * server-streaming calls (gRPC-Web has no client streaming), binary or text mode. Response
 * bodies are read incrementally, so server-streaming messages arrive as they are sent.
 */
export class GrpcWebClient {
  private readonly fetch: typeof fetch;
  private readonly base: string;

  constructor(private readonly options: GrpcWebClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.base = options.baseUrl.replace(/\/+$/, "");
  }

  async unary<I, O>(method: MethodInfo<I, O>, request: I, options: GrpcWebCallOptions = {}): Promise<O> {
    let out: O | undefined;
    let n = 0;
    for await (const m of this.serverStream(method, request, options)) {
      out = m;
      n++;
    }
    if (n !== 1)
      throw new TripleError({ code: Code.UNIMPLEMENTED, message: `unary response had ${n} messages`, details: [] });
    return out as O;
  }

  async *serverStream<I, O>(method: MethodInfo<I, O>, request: I, options: GrpcWebCallOptions = {}): AsyncGenerator<O> {
    const text = this.options.text === true;
    const deadline = effectiveDeadline(options, this.options.timeoutMs);
    const controller = new AbortController();
    let local: Status | undefined;
    const stop = (s: Status) => {
      local ??= s;
      controller.abort();
    };
    const timer =
      deadline === undefined
        ? undefined
        : setTimeout(
            () => stop({ code: Code.DEADLINE_EXCEEDED, message: "deadline exceeded", details: [] }),
            Math.max(0, deadline - Date.now()),
          );
    const onAbort = () => stop({ code: Code.CANCELLED, message: "cancelled by the caller", details: [] });
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const fail = (s: Status, md?: Metadata): never => {
      throw new TripleError(s, md === undefined ? {} : { trailers: md });
    };
    try {
      const h = buildGrpcWebRequestHeaders({
        path: method.path,
        text,
        ...(deadline === undefined ? {} : { timeoutMs: Math.max(1, deadline - Date.now()) }),
        ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(h)) if (!k.startsWith(":")) headers[k] = String(v);
      const frame = encodeMessageFrame(method.input.serialize(request));
      let res: Response;
      try {
        res = await this.fetch(`${this.base}${method.path}`, {
          method: "POST",
          headers,
          body: text ? encodeTextChunk(frame) : (frame as Uint8Array<ArrayBuffer>),
          signal: controller.signal,
        });
      } catch (e) {
        return fail(local ?? { code: Code.UNAVAILABLE, message: `fetch failed: ${(e as Error).message}`, details: [] });
      }
      const responseHeaders = new Metadata();
      res.headers.forEach((v, k) => {
        responseHeaders.append(k, v);
      });
      responseHeaders.set(":status", String(res.status));
      let head: ReturnType<typeof parseGrpcWebResponseHeaders>;
      try {
        head = parseGrpcWebResponseHeaders(responseHeaders);
      } catch (e) {
        return fail(statusFromError(e));
      }
      // A Trailers-Only answer carries its trailers in the headers.
      const headerTrailers = head.trailersOnly === undefined ? undefined : head.metadata;
      if (head.trailersOnly === undefined) {
        if (head.contentType.codec !== "proto") {
          return fail({
            code: Code.INTERNAL,
            message: `response codec ${head.contentType.codec}, asked for proto`,
            details: [],
          });
        }
        const enc = responseHeaders.get("grpc-encoding");
        if (enc !== undefined && enc !== "identity") {
          return fail({ code: Code.INTERNAL, message: `response grpc-encoding ${enc} was not asked for`, details: [] });
        }
        options.onHeaders?.(head.metadata);
      }
      const decoder = new GrpcWebDecoder({
        role: "response",
        text: head.contentType.text,
        maxMessageBytes: this.options.maxMessageBytes ?? 4 * 1024 * 1024,
      });
      let trailers: Metadata | undefined;
      let count = 0;
      const reader = res.body?.getReader();
      try {
        while (reader !== undefined) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const f of decoder.push(value)) {
            if (f.type === "message") {
              if (f.compressed) {
                return fail({ code: Code.INTERNAL, message: "compressed message without grpc-encoding", details: [] });
              }
              count++;
              yield method.output.parse(f.data);
            } else if (!f.compressed) trailers = f.metadata;
          }
        }
        decoder.end();
      } catch (e) {
        if (local !== undefined) return fail(local);
        if (e instanceof TripleError) throw e;
        return fail(statusFromError(e));
      } finally {
        reader?.releaseLock();
      }
      const status = resolveGrpcWebStatus(head, trailers, count);
      if (status.code !== Code.OK) return fail(status, trailers ?? headerTrailers);
      options.onTrailers?.(trailers ?? headerTrailers ?? new Metadata());
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }
}
