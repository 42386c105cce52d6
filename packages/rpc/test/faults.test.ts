import { connect, type Socket } from "node:net";
import { decodeFrame, encodeFrame, FrameSplitter, type RequestMessage, STATUS, toAttachments } from "@tribridge/dubbo";
import { DubboClient, type RpcError } from "@tribridge/rpc";
import { afterEach, describe, expect, it } from "vitest";
import { ECHO, startServer } from "./helpers.js";
import {
  expectCloseCutsOffSilentPeer,
  expectGarbageClosesConnection,
  expectGracefulCloseDrains,
  expectPeerKillFailsPending,
  outcome,
  rawPeer,
} from "./transport-helpers.js";

/** A scripted provider: `onRequest` decides what each request gets back on the raw socket. */
const rawServer = (onRequest: (req: RequestMessage, socket: Socket) => void) =>
  rawPeer(
    () => new FrameSplitter(),
    (bytes, socket) => {
      const msg = decodeFrame(bytes);
      if (msg.type === "request") onRequest(msg, socket);
    },
  );

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

const call = (c: DubboClient, s = "x") => outcome(c.call(ECHO, "echoString", ["java.lang.String"], [s]));

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
    await expectGarbageClosesConnection(server, port);
  });

  it("closing while the peer never closes its side: the socket is cut off within a second", async () => {
    await expectCloseCutsOffSilentPeer((port) => new DubboClient({ port, timeoutMs: 100, heartbeatMs: 0 }), call);
  });

  it("a handler that answers after the caller's deadline: our server sends SERVER_TIMEOUT, not the late value", async () => {
    const { server, port } = await startServer();
    cleanups.push(() => server.close({ graceMs: 10 }));
    const socket = connect(port, "127.0.0.1");
    cleanups.push(async () => void socket.destroy());
    await new Promise((r) => socket.once("connect", r));
    const request: RequestMessage = {
      type: "request",
      id: 7n,
      twoWay: true,
      body: {
        dubboVersion: "2.0.2",
        path: ECHO.interface,
        version: ECHO.version,
        method: "sleep",
        descriptor: "I",
        args: [2000],
        attachments: toAttachments({ path: ECHO.interface, version: ECHO.version, timeout: "50" }),
      },
    };
    const splitter = new FrameSplitter();
    const reply = new Promise<ReturnType<typeof decodeFrame>>((resolve) =>
      socket.on("data", (chunk) => {
        for (const f of splitter.push(chunk)) resolve(decodeFrame(f.bytes));
      }),
    );
    const started = Date.now();
    socket.write(encodeFrame(request));
    const msg = await reply;
    expect(msg.type).toBe("error");
    expect(msg.type === "error" && msg.status).toBe(STATUS.SERVER_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("SERVER_TIMEOUT from a provider is DEADLINE_EXCEEDED for our client", async () => {
    const peer = await rawServer((req, socket) => {
      socket.write(encodeFrame({ type: "error", id: req.id, status: STATUS.SERVER_TIMEOUT, message: "too slow" }));
    });
    cleanups.push(peer.close);
    const client = await withClient(peer.port);
    expect(await call(client)).toEqual({ code: "DEADLINE_EXCEEDED" });
  });

  it("server killed while 100 calls are pending: all reject within their deadline, nothing is left behind", async () => {
    await expectPeerKillFailsPending(
      (port) => new DubboClient({ port, timeoutMs: 5000, heartbeatMs: 0, initialBackoffMs: 10 }),
      call,
      rawServer,
    );
  });

  it("server shutdown with calls pending on our server: graceful close lets them finish", async () => {
    const { server, port } = await startServer();
    const client = await withClient(port, 3000);
    await expectGracefulCloseDrains(server, (ms) => client.call(ECHO, "sleep", ["int"], [ms]));
  });
});
