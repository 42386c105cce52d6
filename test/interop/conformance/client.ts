/**
 * The client under test for `connectconformance --mode client`: reads size-prefixed
 * ClientCompatRequests on stdin, runs each with TripleClient (gRPC) or GrpcWebClient
 * (gRPC-Web), writes a ClientCompatResponse per request on stdout. Requests run concurrently.
 */
import { create, type DescMessage, fromBinary, toBinary } from "@bufbuild/protobuf";

import {
  Code,
  GrpcWebClient,
  Metadata,
  type MethodKind,
  rawMethod,
  type Status,
  TripleClient,
  TripleError,
} from "@tribridge/rpc";
import { conformanceRegistry } from "./descriptors.js";

const reg = conformanceRegistry();
const msg = (name: string): DescMessage => {
  const m = reg.getMessage(`connectrpc.conformance.v1.${name}`);
  if (m === undefined) throw new Error(`no ${name}`);
  return m;
};
type Header = { name: string; value: string[] };
interface Req {
  testName: string;
  protocol: number;
  host: string;
  port: number;
  messageReceiveLimit: number;
  service?: string;
  method?: string;
  streamType: number;
  requestHeaders: Header[];
  requestMessages: { typeUrl: string; value: Uint8Array }[];
  timeoutMs?: number;
  requestDelayMs: number;
  cancel?: { cancelTiming: { case?: string; value?: unknown } };
}
const KINDS: MethodKind[] = [
  "unary",
  "unary",
  "client_streaming",
  "server_streaming",
  "bidi_streaming",
  "bidi_streaming",
];
const PROTOCOL_GRPC_WEB = 3;
const clients = new Map<string, TripleClient>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function headers(md: Metadata): Header[] {
  const m = new Map<string, string[]>();
  for (const [k, v] of md) m.set(k, [...(m.get(k) ?? []), v]);
  return [...m].map(([name, value]) => ({ name, value }));
}

function errorOf(s: Status) {
  return { code: s.code, message: s.message, details: s.details.map((d) => ({ typeUrl: d.typeUrl, value: d.value })) };
}

async function run(req: Req) {
  const kind = KINDS[req.streamType] ?? "unary";
  const path = `/${req.service}/${req.method}`;
  const respType = msg(`${req.method}Response`);
  const metadata = new Metadata();
  for (const h of req.requestHeaders) for (const v of h.value) metadata.append(h.name, v);
  const payloads: unknown[] = [];
  const cancel = req.cancel?.cancelTiming;
  const ac = new AbortController();
  const options = {
    metadata,
    signal: ac.signal,
    ...(req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs }),
  };
  const onMessage = (m: Uint8Array) => {
    payloads.push((fromBinary(respType, m) as unknown as { payload: unknown }).payload);
    if (cancel?.case === "afterNumResponses" && payloads.length === cancel.value) ac.abort();
  };
  if (req.protocol === PROTOCOL_GRPC_WEB) {
    const web = new GrpcWebClient({
      baseUrl: `http://${req.host}:${req.port}`,
      ...(req.messageReceiveLimit > 0 ? { maxMessageBytes: req.messageReceiveLimit } : {}),
    });
    let hdr = new Metadata();
    let trl = new Metadata();
    let error: Status | undefined;
    const body = req.requestMessages[0]?.value ?? new Uint8Array(0);
    if (cancel?.case === "afterCloseSendMs") setTimeout(() => ac.abort(), cancel.value as number);
    try {
      for await (const m of web.serverStream(rawMethod(path), body, {
        ...options,
        onHeaders: (h) => (hdr = h),
        onTrailers: (t) => (trl = t),
      })) {
        onMessage(m);
      }
    } catch (e) {
      if (!(e instanceof TripleError)) throw e;
      error = e.grpcStatus;
      trl = e.trailers;
    }
    if (kind === "unary") {
      if (error === undefined && payloads.length !== 1) {
        error = { code: Code.UNIMPLEMENTED, message: `${payloads.length} response messages`, details: [] };
      }
      if (error !== undefined) payloads.length = 0;
    }
    return {
      responseHeaders: headers(hdr),
      payloads,
      responseTrailers: headers(trl),
      ...(error ? { error: errorOf(error) } : {}),
    };
  }
  const key = `${req.host}:${req.port}:${req.messageReceiveLimit}`;
  let client = clients.get(key);
  if (client === undefined) {
    client = new TripleClient({
      url: `http://${req.host}:${req.port}`,
      ...(req.messageReceiveLimit > 0 ? { maxMessageBytes: req.messageReceiveLimit } : {}),
    });
    clients.set(key, client);
  }
  if (kind === "unary") {
    // Unary calls go through TripleClient.unary, the path applications use (it has its own
    // fast implementation), so the suite covers it rather than only the streaming start().
    let hdr = new Metadata();
    let trl = new Metadata();
    let error: Status | undefined;
    if (cancel?.case === "afterCloseSendMs") setTimeout(() => ac.abort(), cancel.value as number);
    try {
      const reply = await client.unary(rawMethod(path, kind), req.requestMessages[0]?.value ?? new Uint8Array(0), {
        ...options,
        onHeaders: (h) => (hdr = h),
        onTrailers: (t) => (trl = t),
      });
      onMessage(reply);
    } catch (e) {
      if (!(e instanceof TripleError)) throw e;
      error = e.grpcStatus;
      hdr = e.metadata;
      trl = e.trailers;
    }
    return {
      responseHeaders: headers(hdr),
      payloads: error === undefined ? payloads : [],
      responseTrailers: headers(trl),
      ...(error ? { error: errorOf(error) } : {}),
    };
  }
  const single = kind === "server_streaming";
  const call = client.start(rawMethod(path, kind).path, options, single ? req.requestMessages[0]?.value : undefined);
  let unsent = 0;
  // Full duplex (stream type 5): one request, then one response, in turn.
  const fullDuplex = req.streamType === 5;
  const pump = async () => {
    if (single) return;
    const all = req.requestMessages;
    for (let i = 0; i < all.length; i++) {
      if (req.requestDelayMs > 0) await sleep(req.requestDelayMs);
      try {
        await call.send((all[i] as { value: Uint8Array }).value);
        if (fullDuplex) {
          const m = await call.responses.next();
          if (m === undefined) break;
          onMessage(m);
        }
      } catch {
        unsent = all.length - i;
        return;
      }
    }
    if (cancel?.case === "beforeCloseSend") {
      ac.abort();
      return;
    }
    call.closeSend();
    if (cancel?.case === "afterCloseSendMs") setTimeout(() => ac.abort(), cancel.value as number);
  };
  if (single && cancel?.case === "afterCloseSendMs") setTimeout(() => ac.abort(), cancel.value as number);
  const pumping = pump();
  if (fullDuplex) await pumping;
  try {
    for await (const m of call.read()) onMessage(m);
  } catch {
    // the outcome below has the status
  }
  await pumping;
  const o = await call.outcome;
  let status = o.status;
  // Client streaming reports like TripleClient.clientStream: no payload on error, exactly
  // one on success.
  if (kind === "client_streaming") {
    if (status.code === Code.OK && payloads.length !== 1) {
      status = { code: Code.UNIMPLEMENTED, message: `${payloads.length} response messages`, details: [] };
    }
    if (status.code !== Code.OK) payloads.length = 0;
  }
  return {
    responseHeaders: headers(o.headers),
    payloads,
    responseTrailers: headers(o.trailers),
    numUnsentRequests: unsent,
    ...(status.code !== Code.OK ? { error: errorOf(status) } : {}),
  };
}

const RespSchema = msg("ClientCompatResponse");
function write(testName: string, result: { case: "response" | "error"; value: unknown }) {
  const out = toBinary(RespSchema, create(RespSchema, { testName, result } as never));
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(out.length);
  process.stdout.write(Buffer.concat([prefix, out]));
}

let buf = Buffer.alloc(0);
const pending: Promise<void>[] = [];
process.stdin.on("data", (c: Buffer) => {
  buf = Buffer.concat([buf, c]);
  while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
    const n = buf.readUInt32BE(0);
    const req = fromBinary(msg("ClientCompatRequest"), buf.subarray(4, 4 + n)) as unknown as Req;
    buf = buf.subarray(4 + n);
    pending.push(
      run(req).then(
        (r) => write(req.testName, { case: "response", value: r }),
        (e) => write(req.testName, { case: "error", value: { message: String((e as Error)?.stack ?? e) } }),
      ),
    );
  }
});
process.stdin.on("end", async () => {
  await Promise.all(pending);
  await Promise.all([...clients.values()].map((c) => c.close({ graceMs: 100 })));
  process.exit(0);
});
