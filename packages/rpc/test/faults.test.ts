import { connect, createServer, type Server, type Socket } from "node:net";
import { decodeFrame, encodeFrame, FrameSplitter, type RequestMessage } from "@tribridge/dubbo";
import { DubboClient, type RpcError } from "@tribridge/rpc";
import { afterEach, describe, expect, it } from "vitest";
import { ECHO, ourResources, startServer } from "./helpers.js";

/** A scripted provider: `onRequest` decides what each request gets back on the raw socket. */
async function rawServer(onRequest: (req: RequestMessage, socket: Socket) => void) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const splitter = new FrameSplitter();
    socket.on("data", (chunk) => {
      for (const f of splitter.push(chunk)) {
        const msg = decodeFrame(f.bytes);
        if (msg.type === "request") onRequest(msg, socket);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return { port, close, sockets };
}

function okFrame(id: bigint, value: string): Uint8Array {
  return encodeFrame({ type: "response", id, body: { kind: "value", value } });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function withClient(port: number, timeoutMs = 2000) {
  const client = new DubboClient({ port, timeoutMs, heartbeatMs: 0, initialBackoffMs: 10, maxBackoffMs: 50 });
  cleanups.push(() => client.close({ graceMs: 10 }));
  return client;
}

const call = (c: DubboClient, s = "x") =>
  c.call(ECHO, "echoString", ["java.lang.String"], [s]).then(
    (v) => ({ ok: v }),
    (e: RpcError) => ({ code: e.code }),
  );

describe("faults", () => {
  it("peer closes mid-response: the call fails with CONNECTION_CLOSED, the next call reconnects", async () => {
    let n = 0;
    const peer = await rawServer((req, socket) => {
      if (n++ === 0) {
        socket.write(okFrame(req.id, "partial").subarray(0, 20));
        socket.destroy();
      } else socket.write(okFrame(req.id, "second"));
    });
    cleanups.push(peer.close);
    const client = await withClient(peer.port);
    expect(await call(client)).toEqual({ code: "CONNECTION_CLOSED" });
    expect(await call(client)).toEqual({ ok: "second" });
  });

  it("half a frame and then silence: the deadline rejects the call", async () => {
    const peer = await rawServer((req, socket) => socket.write(okFrame(req.id, "never").subarray(0, 10)));
    cleanups.push(peer.close);
    const client = await withClient(peer.port, 150);
    expect(await call(client)).toEqual({ code: "DEADLINE_EXCEEDED" });
  });

  it("an oversized frame from the peer fails every call on that connection with PROTOCOL_ERROR", async () => {
    const peer = await rawServer((req, socket) => socket.write(okFrame(req.id, "y".repeat(2000))));
    cleanups.push(peer.close);
    const client = new DubboClient({ port: peer.port, maxBodyLength: 1000, heartbeatMs: 0 });
    cleanups.push(() => client.close({ graceMs: 10 }));
    expect(await call(client)).toEqual({ code: "PROTOCOL_ERROR" });
  });

  it("bad magic from the peer is a PROTOCOL_ERROR", async () => {
    const peer = await rawServer((req, socket) => {
      const f = okFrame(req.id, "x");
      f[0] = 0x12;
      socket.write(f);
    });
    cleanups.push(peer.close);
    const client = await withClient(peer.port);
    expect(await call(client)).toEqual({ code: "PROTOCOL_ERROR" });
  });

  it("a response with an unknown request id is ignored and counted", async () => {
    const peer = await rawServer((req, socket) => {
      socket.write(okFrame(req.id + 1000n, "stray"));
      socket.write(okFrame(req.id, "real"));
    });
    cleanups.push(peer.close);
    const client = await withClient(peer.port);
    expect(await call(client)).toEqual({ ok: "real" });
    expect(client.unknownResponses).toBe(1);
  });

  it("our server answers an oversized request with BAD_REQUEST, then hangs up", async () => {
    const { server, port } = await startServer({ maxBodyLength: 400 });
    cleanups.push(() => server.close({ graceMs: 10 }));
    const client = await withClient(port);
    const e = await client.call(ECHO, "echoString", ["java.lang.String"], ["z".repeat(1000)]).catch((x: RpcError) => x);
    expect(e).toMatchObject({ code: "REMOTE_STATUS", statusName: "BAD_REQUEST" });
    // The server hangs up after answering; the next call gets a fresh connection.
    let next = await call(client, "fine");
    for (let i = 0; i < 10 && "code" in next; i++) next = await call(client, "fine");
    expect(next).toEqual({ ok: "fine" });
    const small = new DubboClient({ port, maxBodyLength: 400, heartbeatMs: 0 });
    cleanups.push(() => small.close({ graceMs: 10 }));
    expect(await call(small, "z".repeat(1000))).toEqual({ code: "BAD_ARGUMENT" });
  });

  it("our server closes a connection that sends bad magic", async () => {
    const { server, port } = await startServer();
    cleanups.push(() => server.close({ graceMs: 10 }));
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => {});
    await new Promise((r) => socket.once("connect", r));
    const closed = new Promise((r) => socket.once("close", r));
    socket.write(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    await closed;
    expect(server.connectionCount).toBe(0);
  });

  it("server killed while 100 calls are pending: all reject within their deadline, nothing is left behind", async () => {
    const before = ourResources().length;
    const peer = await rawServer(() => {});
    const client = new DubboClient({ port: peer.port, timeoutMs: 5000, heartbeatMs: 0, initialBackoffMs: 10 });
    const started = Date.now();
    const calls = Array.from({ length: 100 }, (_, i) => call(client, `c${i}`));
    for (let i = 0; i < 100 && peer.sockets.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    await peer.close();
    const results = await Promise.all(calls);
    expect(results.every((r) => "code" in r && r.code === "CONNECTION_CLOSED")).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    await client.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(ourResources().length).toBeLessThanOrEqual(before);
  });

  it("server shutdown with calls pending on our server: graceful close lets them finish", async () => {
    const { server, port } = await startServer();
    const client = await withClient(port, 3000);
    const pending = Array.from({ length: 100 }, () =>
      client.call(ECHO, "sleep", ["int"], [50]).then(
        (v) => v,
        (e: RpcError) => e.code,
      ),
    );
    for (let i = 0; i < 200 && server.inFlight < 100; i++) await new Promise((r) => setTimeout(r, 5));
    await server.close({ graceMs: 2000 });
    expect(new Set(await Promise.all(pending))).toEqual(new Set(["slept 50"]));
  });
});
