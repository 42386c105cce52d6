/** TripleClient against a @grpc/grpc-js server: all four kinds, metadata, errors, deadlines, cancellation, size, reconnect. */
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, type Metadata, TripleClient, TripleError } from "../src/index.js";
import { greeter, grpcJsDefinition } from "./triple-helpers.js";

const MiB = 1024 * 1024;
type Req = { name: string };
const seen = { cancelled: 0, lastMetadata: new grpc.Metadata() };

async function startGrpcJs(port = 0) {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 16 * MiB,
    "grpc.max_send_message_length": 16 * MiB,
  });
  const service = (grpcJsDefinition() as unknown as { service: grpc.ServiceDefinition }).service;
  server.addService(service, {
    SayHello: (call: grpc.ServerUnaryCall<Req, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      seen.lastMetadata = call.metadata;
      const name = call.request.name;
      if (name === "") return cb({ code: grpc.status.INVALID_ARGUMENT, details: "name is required" });
      if (name === "details") {
        const md = new grpc.Metadata();
        md.set("grpc-status-details-bin", Buffer.from([8, 9, 18, 1, 120])); // google.rpc.Status{code 9, message "x"}
        return cb({ code: grpc.status.FAILED_PRECONDITION, details: "x", metadata: md });
      }
      if (name === "slow") {
        call.on("cancelled", () => seen.cancelled++);
        return; // never answers: the client's deadline or cancellation ends it
      }
      const h = new grpc.Metadata();
      h.set("x-echo", String(call.metadata.get("x-echo")[0] ?? "none"));
      call.sendMetadata(h);
      if (name.startsWith("big:")) return cb(null, { message: "x".repeat(Number(name.slice(4))) });
      const t = new grpc.Metadata();
      t.set("x-trailer", "t");
      cb(null, { message: `Hello, ${name}!` }, t);
    },
    SayHelloStream: (call: grpc.ServerWritableStream<Req, unknown>) => {
      for (let i = 1; i <= 3; i++) call.write({ message: `Hello, ${call.request.name}! #${i}` });
      call.end();
    },
    Collect: (call: grpc.ServerReadableStream<Req, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const names: string[] = [];
      call.on("data", (r: Req) => names.push(r.name));
      call.on("end", () => cb(null, { message: `Hello, ${names.join(", ")}!` }));
    },
    Chat: (call: grpc.ServerDuplexStream<Req, unknown>) => {
      call.on("data", (r: Req) => call.write({ message: `Hello, ${r.name}!` }));
      call.on("end", () => call.end());
    },
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return { server, port: bound };
}

describe("TripleClient with a grpc-js server", () => {
  let peer: Awaited<ReturnType<typeof startGrpcJs>>;
  let client: TripleClient;

  beforeAll(async () => {
    peer = await startGrpcJs();
    client = new TripleClient({ url: `http://127.0.0.1:${peer.port}`, timeoutMs: 5000, maxMessageBytes: 16 * MiB });
  });
  afterAll(async () => {
    await client.close({ graceMs: 100 });
    peer.server.forceShutdown();
  });

  it("makes unary calls with metadata both ways", async () => {
    let headers: Metadata | undefined;
    let trailers: Metadata | undefined;
    const r = await client.unary(
      greeter.SayHello,
      { name: "ts" },
      { metadata: { "x-echo": "hi" }, onHeaders: (h) => (headers = h), onTrailers: (t) => (trailers = t) },
    );
    expect(r.message).toBe("Hello, ts!");
    expect(headers?.get("x-echo")).toBe("hi");
    expect(trailers?.get("x-trailer")).toBe("t");
  });

  it("reports error statuses with details", async () => {
    const e = (await client.unary(greeter.SayHello, { name: "" }).catch((x) => x)) as TripleError;
    expect(e).toBeInstanceOf(TripleError);
    expect(e.grpcCode).toBe(Code.INVALID_ARGUMENT);
    expect(e.rawMessage).toBe("name is required");
    const d = (await client.unary(greeter.SayHello, { name: "details" }).catch((x) => x)) as TripleError;
    expect(d.grpcCode).toBe(Code.FAILED_PRECONDITION);
    expect(d.trailers.has("grpc-status-details-bin")).toBe(true);
  });

  it("streams server, client and bidi", async () => {
    const out: string[] = [];
    for await (const r of client.serverStream(greeter.SayHelloStream, { name: "s" })) out.push(r.message ?? "");
    expect(out).toEqual(["Hello, s! #1", "Hello, s! #2", "Hello, s! #3"]);
    const c = await client.clientStream(greeter.Collect, [{ name: "a" }, { name: "b" }]);
    expect(c.message).toBe("Hello, a, b!");
    async function* names() {
      yield { name: "x" };
      yield { name: "y" };
    }
    const chat: string[] = [];
    for await (const r of client.bidiStream(greeter.Chat, names())) chat.push(r.message ?? "");
    expect(chat).toEqual(["Hello, x!", "Hello, y!"]);
  });

  it("sends the deadline and gives up locally when it passes", async () => {
    const before = seen.cancelled;
    const e = (await client
      .unary(greeter.SayHello, { name: "slow" }, { timeoutMs: 200 })
      .catch((x) => x)) as TripleError;
    expect(e.code).toBe("DEADLINE_EXCEEDED");
    expect(seen.lastMetadata.get("grpc-timeout")).toEqual([]); // grpc-js hides it; the server enforced it
    await expect.poll(() => seen.cancelled).toBeGreaterThan(before);
  });

  it("cancels through an AbortSignal", async () => {
    const before = seen.cancelled;
    const ac = new AbortController();
    const p = client.unary(greeter.SayHello, { name: "slow" }, { signal: ac.signal, timeoutMs: 10_000 });
    setTimeout(() => ac.abort(), 50);
    const e = (await p.catch((x) => x)) as TripleError;
    expect(e.code).toBe("CANCELLED");
    await expect.poll(() => seen.cancelled).toBeGreaterThan(before);
  });

  it("carries messages above 4 MiB both ways", async () => {
    const r = await client.unary(greeter.SayHello, { name: `big:${5 * MiB}` });
    expect(r.message?.length).toBe(5 * MiB);
    const chat: string[] = [];
    for await (const m of client.bidiStream(greeter.Chat, [{ name: "z".repeat(5 * MiB) }])) chat.push(m.message ?? "");
    expect(chat[0]?.length).toBe(5 * MiB + 8);
  });

  it("rejects responses over its own limit with RESOURCE_EXHAUSTED", async () => {
    const small = new TripleClient({ url: `http://127.0.0.1:${peer.port}`, maxMessageBytes: 1024 });
    const e = (await small.unary(greeter.SayHello, { name: "big:4096" }).catch((x) => x)) as TripleError;
    expect(e.grpcCode).toBe(Code.RESOURCE_EXHAUSTED);
    await small.close();
  });

  it("reconnects after the server restarts, and reports UNAVAILABLE while it is down", async () => {
    const port = peer.port;
    peer.server.forceShutdown();
    const e = (await client.unary(greeter.SayHello, { name: "down" }).catch((x) => x)) as TripleError;
    expect(e.grpcCode).toBe(Code.UNAVAILABLE);
    peer = await startGrpcJs(port);
    expect((await client.unary(greeter.SayHello, { name: "back" })).message).toBe("Hello, back!");
  });
});
