import { connect, createServer, type Server, type Socket } from "node:net";
import type { MethodDefinition, RpcError } from "@tribridge/rpc";
import { expect } from "vitest";
import { ourResources } from "./helpers.js";

/** `sleep(ms)`: answers after `ms`, or "aborted" as soon as its signal aborts. Both protocols' echo services have it. */
export const sleepMethod: MethodDefinition = {
  name: "sleep",
  parameterTypes: ["int"],
  handler: (c) =>
    new Promise((resolve) => {
      const t = setTimeout(() => resolve(`slept ${c.args[0]}`), Number(c.args[0]));
      c.signal.addEventListener("abort", () => {
        clearTimeout(t);
        resolve("aborted");
      });
    }),
};

/**
 * A scripted peer for either protocol: `split` makes the protocol's frame splitter for a new
 * connection, and `onFrame` decides what each whole frame gets back on the raw socket.
 */
export async function rawPeer(
  split: () => { push(chunk: Uint8Array): Iterable<{ readonly bytes: Uint8Array }> },
  onFrame: (bytes: Uint8Array, socket: Socket) => void,
) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const splitter = split();
    socket.on("data", (chunk) => {
      for (const f of splitter.push(chunk)) onFrame(f.bytes, socket);
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

/** A call's outcome as data: its JS value, or its RpcError code. */
export type Outcome = { ok: unknown } | { code: string };

export const outcome = (p: Promise<unknown>): Promise<Outcome> =>
  p.then(
    (v) => ({ ok: v }),
    (e: RpcError) => ({ code: e.code }),
  );

/** Our server hangs up on a connection that sends bytes of another protocol (HTTP here). */
export async function expectGarbageClosesConnection(server: { readonly connectionCount: number }, port: number) {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  await new Promise((r) => socket.once("connect", r));
  const closed = new Promise((r) => socket.once("close", r));
  socket.write(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  await closed;
  expect(server.connectionCount).toBe(0);
}

/**
 * A peer that never answers is killed with 100 calls pending: every call fails with
 * CONNECTION_CLOSED well before its 5 s deadline, and no socket or timer is left behind.
 */
export async function expectPeerKillFailsPending<C extends { close(): Promise<void> }>(
  newClient: (port: number) => C,
  call: (client: C, s: string) => Promise<Outcome>,
  peerOf: (onFrame: () => void) => ReturnType<typeof rawPeer>,
) {
  const before = ourResources().length;
  const peer = await peerOf(() => {});
  const client = newClient(peer.port);
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
}

/** Our server's graceful close with 100 `sleep(50)` calls running lets every one of them answer. */
export async function expectGracefulCloseDrains(
  server: { readonly inFlight: number; close(options: { graceMs: number }): Promise<void> },
  sleep: (ms: number) => Promise<unknown>,
) {
  const pending = Array.from({ length: 100 }, () =>
    sleep(50).then(
      (v) => v,
      (e: RpcError) => e.code,
    ),
  );
  for (let i = 0; i < 200 && server.inFlight < 100; i++) await new Promise((r) => setTimeout(r, 5));
  await server.close({ graceMs: 2000 });
  expect(new Set(await Promise.all(pending))).toEqual(new Set(["slept 50"]));
}

/**
 * A peer that reads everything and never closes its side (half-open allowed): the client's
 * close must not wait for that FIN forever. It cuts the socket off within about a second,
 * and leaves no socket or timer behind.
 */
export async function expectCloseCutsOffSilentPeer<C extends { close(): Promise<void> }>(
  newClient: (port: number) => C,
  call: (client: C, s: string) => Promise<Outcome>,
) {
  const before = ourResources().length;
  const peerSockets: Socket[] = [];
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    peerSockets.push(socket);
    socket.on("error", () => {});
    socket.resume();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const client = newClient((server.address() as { port: number }).port);
    // One unanswered call opens the connection.
    expect(await call(client, "hello?")).toEqual({ code: "DEADLINE_EXCEEDED" });
    expect(peerSockets).toHaveLength(1);
    const peerSawFin = new Promise((r) => peerSockets[0]?.once("end", r));
    const started = Date.now();
    // close() resolves once the connection is closed, which a plain end() would never see here.
    await client.close();
    expect(Date.now() - started).toBeLessThan(3000);
    await peerSawFin;
  } finally {
    for (const s of peerSockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
  await new Promise((r) => setTimeout(r, 20));
  expect(ourResources().length).toBeLessThanOrEqual(before);
}
