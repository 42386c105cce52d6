/**
 * Unary SOFARPC calls per second on loopback, echoString("hello") in the Hessian 3.1 draft
 * dialect (SOFARPC's default): our BoltClient against our BoltServer next to sofa-rpc-node's
 * RpcClient against its RpcServer (same process, same machine), at concurrency 1 and 64;
 * and our client against a bare `net` server that answers each request with a canned
 * response frame (the ceiling a server can approach). One op of a -c64 case is 64
 * concurrent calls: calls/s = ops/s × 64.
 */
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { CMD_RESPONSE, encodeFrame, encodeSofaResponse, FrameSplitter, SOFA_RESPONSE_CLASS } from "@tribridge/bolt";
import type { BenchCase } from "../../../scripts/bench-api.js";
import { BoltClient, BoltServer } from "../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: sofa-rpc-node ships no types
type Any = any;
const require = createRequire(import.meta.url);
const sofaRpc = require("sofa-rpc-node") as Any;
const logger = { info() {}, warn() {}, error() {}, debug() {} };

const SERVICE = { interface: "com.example.sofa.EchoService", version: "1.0" };
const TYPES = ["java.lang.String"];

async function cannedServer(): Promise<number> {
  const canned = encodeFrame({
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
    socket.unref();
    socket.setNoDelay(true);
    const splitter = new FrameSplitter();
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
  server.unref();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

async function sofaRpcNodePair(): Promise<() => Promise<unknown>> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const server = new sofaRpc.server.RpcServer({ logger, port });
  server.addService(
    { interfaceName: SERVICE.interface },
    {
      async echoString(s: string) {
        return s;
      },
    },
  );
  await server.start();
  server.server?.unref?.();
  const client = new sofaRpc.client.RpcClient({ logger });
  const consumer = client.createConsumer({ interfaceName: SERVICE.interface, serverHost: `127.0.0.1:${port}` });
  await consumer.ready();
  const arg = [{ $class: "java.lang.String", $: "hello" }];
  return () => consumer.invoke("echoString", arg, { responseTimeout: 10_000 });
}

export async function cases(): Promise<BenchCase[]> {
  const server = new BoltServer({ unref: true });
  server.addService(SERVICE, [{ name: "echoString", parameterTypes: TYPES, handler: (c) => c.args[0] }]);
  const { port } = await server.listen();
  const ours = new BoltClient({ port, unref: true, timeoutMs: 10_000, heartbeatMs: 0 });
  const bare = new BoltClient({ port: await cannedServer(), unref: true, timeoutMs: 10_000, heartbeatMs: 0 });
  const one = (c: BoltClient) =>
    c.invoke({ service: SERVICE, method: "echoString", parameterTypes: TYPES, args: ["hello"] });
  const batch = (f: () => Promise<unknown>) => Promise.all(Array.from({ length: 64 }, f));
  const peer = await sofaRpcNodePair();
  await one(ours);
  await one(bare);
  await peer();
  return [
    {
      name: "rpc/bolt/unary-c1",
      bytes: 0,
      ours: () => one(ours),
      peer: { name: "sofa-rpc-node client → sofa-rpc-node server", run: peer },
    },
    {
      name: "rpc/bolt/unary-c64 (op = 64 calls)",
      bytes: 0,
      ours: () => batch(() => one(ours)),
      peer: { name: "sofa-rpc-node client → sofa-rpc-node server", run: () => batch(peer) },
    },
    {
      name: "rpc/bolt/unary-c64 vs bare echo (op = 64 calls)",
      bytes: 0,
      ours: () => batch(() => one(ours)),
      peer: { name: "same client, bare net canned server", run: () => batch(() => one(bare)) },
    },
  ];
}
