/**
 * The servers the unary benchmarks call, each runnable in this process or in a child
 * process of its own (`serverPort(kind, "process")`), and a raw `net` ping-pong client that
 * measures the round trip with no RPC client at all.
 *
 * Why a child process: in production the provider is another process, usually another
 * machine. In one process the server's work runs on the same event loop as the client's
 * and adds to every round trip of every client alike, and a peer's server can slow its own
 * client through shared V8 state (see docs/bolt.md on sofa-rpc-node). A child process has
 * its own event loop and heap; on a 2-vCPU machine it can also run on the other core.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import {
  FrameSplitter as BoltSplitter,
  CMD_RESPONSE,
  encodeFrame as encodeBoltFrame,
  encodeSofaResponse,
  SOFA_RESPONSE_CLASS,
} from "@tribridge/bolt";
import { FrameSplitter as DubboSplitter, encodeFrame as encodeDubboFrame } from "@tribridge/dubbo";
import { BoltServer, DubboServer } from "../src/index.js";

export type ServerKind = "dubbo" | "dubbo-canned" | "bolt" | "bolt-canned" | "sofa-rpc-node";
export type Placement = "in-process" | "process";

export const DUBBO_SERVICE = { interface: "com.example.interop.EchoService", version: "1.0.0" };
export const BOLT_SERVICE = { interface: "com.example.sofa.EchoService", version: "1.0" };
export const STRING_TYPES = ["java.lang.String"];

const children: ChildProcess[] = [];

/** Starts a server of `kind` and returns its loopback port. */
export async function serverPort(kind: ServerKind, placement: Placement): Promise<number> {
  if (placement === "in-process") return startServer(kind, true);
  const child = fork(fileURLToPath(import.meta.url), [kind], {
    execArgv: ["--conditions=@tribridge/source", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve(Number(m)));
    child.once("exit", (code) => reject(new Error(`${kind} server process exited (${code})`)));
  });
  // The bench ends with process.exit; the child sees its IPC channel close and exits too.
  child.unref();
  child.channel?.unref();
  return port;
}

/** Ends the child processes started here (tests; the bench relies on the disconnect). */
export function stopServers(): void {
  for (const c of children.splice(0)) c.kill();
}

async function startServer(kind: ServerKind, unref: boolean): Promise<number> {
  switch (kind) {
    case "dubbo": {
      const server = new DubboServer({ unref });
      server.addService(DUBBO_SERVICE, [
        { name: "echoString", parameterTypes: STRING_TYPES, handler: (c) => c.args[0] },
      ]);
      return (await server.listen()).port;
    }
    case "bolt": {
      const server = new BoltServer({ unref });
      server.addService(BOLT_SERVICE, [
        { name: "echoString", parameterTypes: STRING_TYPES, handler: (c) => c.args[0] },
      ]);
      return (await server.listen()).port;
    }
    case "dubbo-canned":
      return dubboCanned(unref);
    case "bolt-canned":
      return boltCanned(unref);
    case "sofa-rpc-node":
      return sofaRpcNodeServer(unref);
  }
}

async function listenLoopback(server: ReturnType<typeof createServer>, unref: boolean): Promise<number> {
  if (unref) server.unref();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

/** A bare `net` server answering every Dubbo request with one canned response frame. */
function dubboCanned(unref: boolean): Promise<number> {
  const canned = encodeDubboFrame({ type: "response", id: 0n, body: { kind: "value", value: "hello" } });
  const server = createServer((socket) => {
    if (unref) socket.unref();
    socket.setNoDelay(true);
    const splitter = new DubboSplitter();
    socket.on("data", (chunk) => {
      for (const f of splitter.push(chunk)) {
        if (!f.head.request) continue;
        const out = Buffer.from(canned);
        out.writeBigInt64BE(f.head.requestId, 4);
        if (f.head.event) out[2] = 0x22; // heartbeat answer keeps the same shape
        socket.write(out);
      }
    });
  });
  return listenLoopback(server, unref);
}

/** A bare `net` server answering every Bolt request with one canned SofaResponse frame. */
function boltCanned(unref: boolean): Promise<number> {
  const canned = encodeBoltFrame({
    type: 0,
    cmdCode: CMD_RESPONSE,
    requestId: 0,
    codec: 1,
    status: 0,
    className: SOFA_RESPONSE_CLASS,
    header: new Uint8Array(0),
    content: encodeSofaResponse(
      { isError: false, errorMsg: null, appResponse: "hello", responseProps: null },
      { dialect: "hessian3" },
    ),
  });
  const server = createServer((socket) => {
    if (unref) socket.unref();
    socket.setNoDelay(true);
    const splitter = new BoltSplitter();
    socket.on("data", (chunk) => {
      const out: Buffer[] = [];
      for (const f of splitter.push(chunk)) {
        if (f.head.type === 0) continue;
        const b = Buffer.from(canned);
        b.writeInt32BE(f.head.requestId, 5);
        out.push(b);
      }
      if (out.length > 0) socket.write(out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out));
    });
  });
  return listenLoopback(server, unref);
}

// biome-ignore lint/suspicious/noExplicitAny: sofa-rpc-node ships no types
type Any = any;
export const quietLogger = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * sofa-rpc-node's RpcServer as its README sets it up (no registry). Its client disables
 * Nagle on every socket it opens (RpcConnection's `noDelay: true` default) but the server
 * never does, and the server writes each response on its own: with Nagle on, a burst of
 * responses waits for the client's delayed ACK (~40 ms). Every other server here, ours and
 * the canned ones, sets TCP_NODELAY, as SOFARPC Java's Bolt server does; so does this one,
 * from the server's public `connection` event.
 */
async function sofaRpcNodeServer(unref: boolean): Promise<number> {
  const sofaRpc = createRequire(import.meta.url)("sofa-rpc-node") as Any;
  const server = new sofaRpc.server.RpcServer({ logger: quietLogger, port: 0 });
  server.on("connection", (conn: Any) => {
    conn.socket.setNoDelay(true);
    if (unref) conn.socket.unref();
  });
  server.addService(
    { interfaceName: BOLT_SERVICE.interface },
    {
      async echoString(s: string) {
        return s;
      },
    },
  );
  await server.start();
  if (unref) for (const s of server._servers ?? []) s.unref?.();
  return server.publishPort as number;
}

/**
 * The physical ceiling of one Node client at concurrency 1: a socket that writes one
 * pre-encoded request and waits for the whole response, then repeats. No id, no map, no
 * decode, no timer: what any client must pay at least. `responseLength` reads the frame
 * length from the bytes seen so far (undefined until enough of the header has arrived).
 */
export async function pingPong(
  port: number,
  request: Uint8Array,
  responseLength: (head: Buffer) => number | undefined,
): Promise<() => Promise<void>> {
  const socket = connect({ port, host: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.setNoDelay(true);
  socket.unref();
  let head: Buffer | undefined;
  let got = 0;
  let want: number | undefined;
  let done: (() => void) | undefined;
  socket.on("data", (chunk: Buffer) => {
    head = head === undefined || got === 0 ? chunk : Buffer.concat([head, chunk]);
    got += chunk.length;
    want ??= responseLength(head);
    if (want !== undefined && got >= want) {
      got = 0;
      want = undefined;
      head = undefined;
      const d = done;
      done = undefined;
      d?.();
    }
  });
  const bytes = Buffer.from(request);
  return () =>
    new Promise<void>((resolve) => {
      done = resolve;
      socket.write(bytes);
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send !== undefined) {
  const port = await startServer(process.argv[2] as ServerKind, false);
  process.send(port);
  process.on("disconnect", () => process.exit(0));
}
