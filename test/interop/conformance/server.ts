/**
 * The server under test for `connectconformance --mode server`: reads a size-prefixed
 * ServerCompatRequest on stdin, serves connectrpc.conformance.v1.ConformanceService on a
 * TripleServer (gRPC and gRPC-Web on one port), answers a ServerCompatResponse on stdout.
 * Behaviour mirrors the suite's own grpc-go server (internal/app/grpcserver/impl.go).
 */
import { create, type DescMessage, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { addProtoService, StatusError, type StreamContext, TripleServer } from "@tribridge/rpc";
import { conformanceRegistry } from "./descriptors.js";

const reg = conformanceRegistry();
const msg = (name: string): DescMessage => {
  const m = reg.getMessage(`connectrpc.conformance.v1.${name}`);
  if (m === undefined) throw new Error(`no ${name}`);
  return m;
};
const RequestInfo = msg("ConformancePayload.RequestInfo");

type Header = { name: string; value: string[] };
type Err = { code: number; message?: string; details: unknown[] };
type Def = {
  responseHeaders?: Header[];
  responseTrailers?: Header[];
  responseDelayMs?: number;
  response?: { case: "responseData" | "error" | undefined; value?: Uint8Array | Err };
  responseData?: Uint8Array[];
  error?: Err;
};
type Req = { $typeName: string; responseDefinition?: Def; requestData: Uint8Array; fullDuplex?: boolean };

const sleep = (ms: number | undefined) => (ms ? new Promise((r) => setTimeout(r, ms)) : undefined);

function applyMetadata(ctx: StreamContext, def: Def | undefined) {
  for (const h of def?.responseHeaders ?? []) for (const v of h.value) ctx.responseHeaders.append(h.name, v);
  for (const h of def?.responseTrailers ?? []) for (const v of h.value) ctx.responseTrailers.append(h.name, v);
}

function requestInfo(ctx: StreamContext, reqs: Req[]) {
  const headers = new Map<string, string[]>();
  for (const [k, v] of ctx.headers) if (!k.startsWith(":")) headers.set(k, [...(headers.get(k) ?? []), v]);
  return create(RequestInfo, {
    requestHeaders: [...headers].map(([name, value]) => ({ name, value })),
    ...(ctx.deadline === undefined ? {} : { timeoutMs: BigInt(Math.max(0, Math.round(ctx.deadline - Date.now()))) }),
    requests: reqs.map((r) => anyPack(msg(r.$typeName.split(".").pop() as string), r as never)),
  } as never);
}

function errorOf(e: Err, ctx: StreamContext, reqs: Req[]): StatusError {
  const details = [...(e.details as { typeUrl: string; value: Uint8Array }[])];
  details.push(anyPack(RequestInfo, requestInfo(ctx, reqs)) as never);
  return new StatusError(e.code, e.message ?? "", { details });
}

async function unaryLike(ctx: StreamContext, reqs: Req[], def: Def | undefined) {
  if (def !== undefined) {
    applyMetadata(ctx, def);
    ctx.sendHeaders();
    await sleep(def.responseDelayMs);
  }
  if (def?.response?.case === "error") throw errorOf(def.response.value as Err, ctx, reqs);
  const data = def?.response?.case === "responseData" ? (def.response.value as Uint8Array) : new Uint8Array(0);
  return { payload: { data, requestInfo: requestInfo(ctx, reqs) } };
}

async function* streamOut(ctx: StreamContext, def: Def | undefined, reqs: Req[]) {
  if (def === undefined) return;
  let n = 0;
  for (const data of def.responseData ?? []) {
    await sleep(def.responseDelayMs);
    yield { payload: { data, ...(n++ === 0 ? { requestInfo: requestInfo(ctx, reqs) } : {}) } };
  }
  if (def.error !== undefined) {
    throw n === 0
      ? errorOf(def.error, ctx, reqs)
      : new StatusError(def.error.code, def.error.message ?? "", { details: def.error.details as never });
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    const all = Buffer.concat(chunks);
    if (all.length >= 4 && all.length >= 4 + all.readUInt32BE(0)) return all.subarray(4, 4 + all.readUInt32BE(0));
  }
  throw new Error("stdin ended before a ServerCompatRequest");
}

const compat = fromBinary(msg("ServerCompatRequest"), await readStdin()) as unknown as { messageReceiveLimit: number };
const server = new TripleServer({
  ...(compat.messageReceiveLimit > 0 ? { maxMessageBytes: compat.messageReceiveLimit } : {}),
  cors: { origins: "*" },
});
const service = reg.getService("connectrpc.conformance.v1.ConformanceService");
if (service === undefined) throw new Error("no ConformanceService");
addProtoService(server, service, {
  Unary: (req: Req, ctx: StreamContext) => unaryLike(ctx, [req], req.responseDefinition),
  IdempotentUnary: (req: Req, ctx: StreamContext) => unaryLike(ctx, [req], req.responseDefinition),
  ClientStream: async (reqs: AsyncIterable<Req>, ctx: StreamContext) => {
    const all: Req[] = [];
    for await (const r of reqs) all.push(r);
    return unaryLike(ctx, all, all[0]?.responseDefinition);
  },
  ServerStream: (req: Req, ctx: StreamContext) => {
    applyMetadata(ctx, req.responseDefinition);
    ctx.sendHeaders();
    return streamOut(ctx, req.responseDefinition, [req]);
  },
  BidiStream: async function* (reqs: AsyncIterable<Req>, ctx: StreamContext) {
    const it = reqs[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) return;
    const def = first.value.responseDefinition;
    applyMetadata(ctx, def);
    let pending: Req[] = [first.value];
    if (first.value.fullDuplex) {
      ctx.sendHeaders();
      let n = 0;
      const data = def?.responseData ?? [];
      for (;;) {
        if (def === undefined || n >= data.length) break;
        await sleep(def.responseDelayMs);
        yield {
          payload: {
            data: data[n],
            requestInfo:
              n === 0
                ? requestInfo(ctx, pending)
                : { requests: pending.map((r) => anyPack(msg("BidiStreamRequest"), r as never)) },
          },
        };
        n++;
        pending = [];
        const next = await it.next();
        if (next.done) break;
        pending.push(next.value);
      }
      const rest = { ...(def ?? {}), responseData: data.slice(n) } as Def;
      if (def === undefined) return;
      if (n > 0) {
        for (const d of rest.responseData ?? []) yield { payload: { data: d } };
        if (def.error !== undefined)
          throw new StatusError(def.error.code, def.error.message ?? "", { details: def.error.details as never });
        return;
      }
      yield* streamOut(ctx, rest, pending);
      return;
    }
    for (let r = await it.next(); !r.done; r = await it.next()) pending.push(r.value);
    yield* streamOut(ctx, def, pending);
  },
});
const { host, port } = await server.listen();
const out = toBinary(msg("ServerCompatResponse"), create(msg("ServerCompatResponse"), { host, port } as never));
const prefix = Buffer.alloc(4);
prefix.writeUInt32BE(out.length);
process.stdout.write(Buffer.concat([prefix, out]));
