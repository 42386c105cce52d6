/**
 * Unary SOFARPC calls per second on loopback, echoString("hello") in the Hessian 3.1 draft
 * dialect (SOFARPC's default): our BoltClient against our BoltServer next to sofa-rpc-node's
 * RpcClient against its RpcServer, at concurrency 1 and 64; and our client against a bare
 * `net` server that answers each request with a canned response frame (the ceiling a
 * server can approach). One op of a -c64 case is 64 concurrent calls: calls/s = ops/s × 64.
 *
 * Every server runs in a child process of its own, as a provider does in production
 * (`BENCH_SERVER=in-process` puts them on the bench's event loop). That matters for
 * sofa-rpc-node far more than for us: in one process its server and client together cost
 * over 1 ms of CPU per call, on their own a tenth of that (docs/bolt.md).
 */
import { createRequire } from "node:module";
import type { BenchCase } from "../../../scripts/bench-api.js";
import { BoltClient } from "../src/index.js";
import { type Placement, quietLogger, BOLT_SERVICE as SERVICE, serverPort, STRING_TYPES as TYPES } from "./servers.js";

// biome-ignore lint/suspicious/noExplicitAny: sofa-rpc-node ships no types
type Any = any;

const placement: Placement = process.env.BENCH_SERVER === "in-process" ? "in-process" : "process";

/** sofa-rpc-node's consumer in direct-connect mode (`serverHost`), as its README calls a provider. */
async function sofaRpcNodeClient(port: number): Promise<() => Promise<unknown>> {
  const sofaRpc = createRequire(import.meta.url)("sofa-rpc-node") as Any;
  const client = new sofaRpc.client.RpcClient({ logger: quietLogger });
  const consumer = client.createConsumer({ interfaceName: SERVICE.interface, serverHost: `127.0.0.1:${port}` });
  await consumer.ready();
  const arg = [{ $class: "java.lang.String", $: "hello" }];
  return () => consumer.invoke("echoString", arg, { responseTimeout: 10_000 });
}

export async function cases(): Promise<BenchCase[]> {
  const [port, barePort, sofaPort] = await Promise.all([
    serverPort("bolt", placement),
    serverPort("bolt-canned", placement),
    serverPort("sofa-rpc-node", placement),
  ]);
  const ours = new BoltClient({ port, unref: true, timeoutMs: 10_000, heartbeatMs: 0 });
  const bare = new BoltClient({ port: barePort, unref: true, timeoutMs: 10_000, heartbeatMs: 0 });
  const one = (c: BoltClient) =>
    c.invoke({ service: SERVICE, method: "echoString", parameterTypes: TYPES, args: ["hello"] });
  const batch = (f: () => Promise<unknown>) => Promise.all(Array.from({ length: 64 }, f));
  const peer = await sofaRpcNodeClient(sofaPort);
  await one(ours);
  await one(bare);
  await peer();
  const where = placement === "process" ? "server process" : "same process";
  const peerName = `sofa-rpc-node client → sofa-rpc-node server (${where})`;
  const bareName = `same client, bare net canned server (${where})`;
  return [
    { name: "rpc/bolt/unary-c1", bytes: 0, ours: () => one(ours), peer: { name: peerName, run: peer } },
    {
      name: "rpc/bolt/unary-c64 (op = 64 calls)",
      bytes: 0,
      ours: () => batch(() => one(ours)),
      peer: { name: peerName, run: () => batch(peer) },
    },
    {
      name: "rpc/bolt/unary-c64 vs bare echo (op = 64 calls)",
      bytes: 0,
      ours: () => batch(() => one(ours)),
      peer: { name: bareName, run: () => batch(() => one(bare)) },
    },
  ];
}
