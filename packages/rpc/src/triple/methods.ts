import type { RawMethod, Serializer, StreamContext } from "./types.js";

/**
 * Typed handler shapes for the four kinds, each reduced to a RawMethod. Responses of
 * streaming handlers are pulled one at a time and each send is awaited, so a slow client
 * holds the handler back through HTTP/2 flow control instead of filling memory.
 */

export type UnaryHandler<I, O> = (request: I, ctx: StreamContext) => O | Promise<O>;
export type ServerStreamingHandler<I, O> = (request: I, ctx: StreamContext) => AsyncIterable<O> | Iterable<O>;
export type ClientStreamingHandler<I, O> = (requests: AsyncIterable<I>, ctx: StreamContext) => Promise<O>;
export type BidiStreamingHandler<I, O> = (requests: AsyncIterable<I>, ctx: StreamContext) => AsyncIterable<O>;

async function* parsed<I>(requests: AsyncIterable<Uint8Array>, s: Serializer<I>): AsyncGenerator<I> {
  for await (const r of requests) yield s.parse(r);
}

async function first<T>(it: AsyncIterable<T>): Promise<T> {
  for await (const v of it) return v;
  throw new Error("no request");
}

export function unaryMethod<I, O>(req: Serializer<I>, res: Serializer<O>, handler: UnaryHandler<I, O>): RawMethod {
  return {
    kind: "unary",
    handler: async (ctx, requests, send) => {
      const input = req.parse(await first(requests));
      await send(res.serialize(await handler(input, ctx)));
    },
    // Synchronous handlers answer without a promise (the h2load server benchmark's echo).
    unary: (ctx, request) => {
      const out = handler(req.parse(request), ctx);
      if (typeof (out as { then?: unknown } | null)?.then === "function") {
        return Promise.resolve(out).then((v) => res.serialize(v));
      }
      return res.serialize(out as O);
    },
  };
}

export function serverStreamingMethod<I, O>(
  req: Serializer<I>,
  res: Serializer<O>,
  handler: ServerStreamingHandler<I, O>,
): RawMethod {
  return {
    kind: "server_streaming",
    handler: async (ctx, requests, send) => {
      const input = req.parse(await first(requests));
      for await (const out of handler(input, ctx)) await send(res.serialize(out));
    },
  };
}

export function clientStreamingMethod<I, O>(
  req: Serializer<I>,
  res: Serializer<O>,
  handler: ClientStreamingHandler<I, O>,
): RawMethod {
  return {
    kind: "client_streaming",
    handler: async (ctx, requests, send) => {
      await send(res.serialize(await handler(parsed(requests, req), ctx)));
    },
  };
}

export function bidiStreamingMethod<I, O>(
  req: Serializer<I>,
  res: Serializer<O>,
  handler: BidiStreamingHandler<I, O>,
): RawMethod {
  return {
    kind: "bidi_streaming",
    handler: async (ctx, requests, send) => {
      for await (const out of handler(parsed(requests, req), ctx)) await send(res.serialize(out));
    },
  };
}
