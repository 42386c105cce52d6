import type { Socket } from "node:net";
import {
  CMD_RESPONSE,
  type DecodedFrame,
  decodeFrame,
  encodeFrame,
  encodeSofaResponse,
  FrameSplitter,
  SOFA_RESPONSE_CLASS,
} from "@tribridge/bolt";
import { BoltClient, type RpcError } from "@tribridge/rpc";
import { afterEach, describe, expect, it } from "vitest";
import { SOFA_ECHO, startBoltServer } from "./bolt-helpers.js";
import { ourResources } from "./helpers.js";
import {
  expectCloseCutsOffSilentPeer,
  expectGarbageClosesConnection,
  expectGracefulCloseDrains,
  expectPeerKillFailsPending,
  outcome,
  rawPeer,
} from "./transport-helpers.js";

/** A scripted provider: `onRequest` decides what each request gets back on the raw socket. */
const rawServer = (onRequest: (req: DecodedFrame, socket: Socket) => void) =>
  rawPeer(
    () => new FrameSplitter(),
    (bytes, socket) => {
      const frame = decodeFrame(bytes);
      if (frame.type !== 0 && frame.cmdCode === 1) onRequest(frame, socket);
    },
  );

function okFrame(id: number, value: string): Uint8Array {
  return encodeFrame({
    type: 0,
    cmdCode: CMD_RESPONSE,
    requestId: id,
    codec: 1,
    status: 0,
    className: SOFA_RESPONSE_CLASS,
    header: new Uint8Array(0),
    content: encodeSofaResponse(
      { isError: false, errorMsg: null, appResponse: value, responseProps: null },
      { dialect: "hessian3" },
    ),
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function withClient(port: number, timeoutMs = 2000, extra: Partial<ConstructorParameters<typeof BoltClient>[0]> = {}) {
  const client = new BoltClient({ port, timeoutMs, heartbeatMs: 0, initialBackoffMs: 10, maxBackoffMs: 50, ...extra });
  cleanups.push(() => client.close({ graceMs: 10 }));
  return client;
}

const call = (c: BoltClient, s = "x") => outcome(c.call(SOFA_ECHO, "echoString", ["java.lang.String"], [s]));

describe("Bolt faults", () => {
  it("peer closes mid-response: CONNECTION_CLOSED, the next call reconnects", async () => {
    let n = 0;
    const peer = await rawServer((req, socket) => {
      if (n++ === 0) {
        socket.write(okFrame(req.requestId, "partial").subarray(0, 25));
        socket.destroy();
      } else socket.write(okFrame(req.requestId, "second"));
    });
    cleanups.push(peer.close);
    const client = withClient(peer.port);
    expect(await call(client)).toEqual({ code: "CONNECTION_CLOSED" });
    expect(await call(client)).toEqual({ ok: "second" });
  });

  it("half a frame and then silence: the deadline rejects the call", async () => {
    const peer = await rawServer((req, socket) => socket.write(okFrame(req.requestId, "never").subarray(0, 10)));
    cleanups.push(peer.close);
    expect(await call(withClient(peer.port, 150))).toEqual({ code: "DEADLINE_EXCEEDED" });
  });

  it("an oversized frame from the peer is a PROTOCOL_ERROR", async () => {
    const peer = await rawServer((req, socket) => socket.write(okFrame(req.requestId, "y".repeat(2000))));
    cleanups.push(peer.close);
    expect(await call(withClient(peer.port, 2000, { maxBodyLength: 1000 }))).toEqual({ code: "PROTOCOL_ERROR" });
  });

  it("a bad protocol code from the peer is a PROTOCOL_ERROR", async () => {
    const peer = await rawServer((req, socket) => {
      const f = okFrame(req.requestId, "x");
      f[0] = 0x12;
      socket.write(f);
    });
    cleanups.push(peer.close);
    expect(await call(withClient(peer.port))).toEqual({ code: "PROTOCOL_ERROR" });
  });

  it("a corrupted CRC from a v2 peer is a PROTOCOL_ERROR", async () => {
    const peer = await rawServer((req, socket) => {
      const f = encodeFrame({
        ...decodeFrame(okFrame(req.requestId, "x")),
        protocol: 2,
        protocolVersion: 2,
        switches: 1,
      });
      f[f.length - 1] = (f[f.length - 1] as number) ^ 1;
      socket.write(f);
    });
    cleanups.push(peer.close);
    expect(await call(withClient(peer.port, 2000, { protocol: 2, crc: true }))).toEqual({ code: "PROTOCOL_ERROR" });
  });

  it("a response with an unknown request id is ignored and counted", async () => {
    const peer = await rawServer((req, socket) => {
      socket.write(okFrame(req.requestId + 1000, "stray"));
      socket.write(okFrame(req.requestId, "real"));
    });
    cleanups.push(peer.close);
    const client = withClient(peer.port);
    expect(await call(client)).toEqual({ ok: "real" });
    expect(client.unknownResponses).toBe(1);
  });

  it("a non-SUCCESS status is REMOTE_STATUS with the Bolt status name", async () => {
    const peer = await rawServer((req, socket) => {
      socket.write(encodeFrame({ ...decodeFrame(okFrame(req.requestId, "x")), status: 0x04 }));
    });
    cleanups.push(peer.close);
    const e = (await withClient(peer.port)
      .call(SOFA_ECHO, "echoString", ["java.lang.String"], ["x"])
      .catch((x) => x)) as RpcError;
    expect([e.code, e.status, e.statusName]).toEqual(["REMOTE_STATUS", 4, "SERVER_THREADPOOL_BUSY"]);
  });

  it("our server answers an oversized request with CODEC_EXCEPTION, then hangs up; the client refuses to send one", async () => {
    const { server, port } = await startBoltServer({ maxBodyLength: 700 });
    cleanups.push(() => server.close({ graceMs: 10 }));
    const client = withClient(port);
    const e = (await client
      .call(SOFA_ECHO, "echoString", ["java.lang.String"], ["z".repeat(2000)])
      .catch((x) => x)) as RpcError;
    expect(e).toMatchObject({ code: "REMOTE_STATUS", statusName: "CODEC_EXCEPTION" });
    let next = await call(client, "fine");
    for (let i = 0; i < 10 && "code" in next; i++) next = await call(client, "fine");
    expect(next).toEqual({ ok: "fine" });
    expect(await call(withClient(port, 2000, { maxBodyLength: 700 }), "z".repeat(2000))).toEqual({
      code: "BAD_ARGUMENT",
    });
  });

  it("our server closes a connection that sends a bad protocol code", async () => {
    const { server, port } = await startBoltServer();
    cleanups.push(() => server.close({ graceMs: 10 }));
    await expectGarbageClosesConnection(server, port);
  });

  it("closing while the peer never closes its side: the socket is cut off within a second", async () => {
    await expectCloseCutsOffSilentPeer((port) => new BoltClient({ port, timeoutMs: 100, heartbeatMs: 0 }), call);
  });

  it("server killed while 100 calls are pending: all reject within their deadline, nothing is left behind", async () => {
    await expectPeerKillFailsPending(
      (port) => new BoltClient({ port, timeoutMs: 5000, heartbeatMs: 0, initialBackoffMs: 10 }),
      call,
      rawServer,
    );
  });

  it("deadline passing with 100 calls pending on a silent peer: DEADLINE_EXCEEDED each, no timer left", async () => {
    const before = ourResources().length;
    const peer = await rawServer(() => {});
    const client = new BoltClient({ port: peer.port, timeoutMs: 100, heartbeatMs: 0 });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => call(client, `d${i}`)));
    expect(results.every((r) => "code" in r && r.code === "DEADLINE_EXCEEDED")).toBe(true);
    await client.close();
    await peer.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(ourResources().length).toBeLessThanOrEqual(before);
  });

  it("heartbeats: an unanswering peer is dropped after 3 misses, pending calls fail fast", async () => {
    const peer = await rawServer(() => {});
    cleanups.push(peer.close);
    const client = withClient(peer.port, 10_000, { heartbeatMs: 20, idleTimeoutMs: 0 });
    expect(await call(client)).toEqual({ code: "CONNECTION_CLOSED" });
  });

  it("graceful shutdown of our server lets 100 pending calls finish", async () => {
    const { server, port } = await startBoltServer();
    const client = withClient(port, 3000);
    await expectGracefulCloseDrains(server, (ms) => client.call(SOFA_ECHO, "sleep", ["int"], [ms]));
  });
});
