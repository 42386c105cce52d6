/**
 * Unary Dubbo calls per second on loopback: our DubboClient against our DubboServer, at
 * concurrency 1 and 64. The peer of each case is the same client against a bare `net`
 * server that answers every request with a canned response frame (the ceiling a server
 * can approach), so the ratio is our server's share of it. One "op" of a -c64 case is a
 * batch of 64 concurrent calls: calls/s = ops/s × 64. Both servers run in child processes
 * (`BENCH_SERVER=in-process`: on the bench's event loop), see servers.ts.
 */
import type { BenchCase } from "../../../scripts/bench-api.js";
import { DubboClient } from "../src/index.js";
import { placement } from "./dubbo-npm.bench.js";
import { DUBBO_SERVICE as SERVICE, serverPort, STRING_TYPES as TYPES } from "./servers.js";

export async function cases(): Promise<BenchCase[]> {
  const [port, barePort] = await Promise.all([serverPort("dubbo", placement), serverPort("dubbo-canned", placement)]);
  const ours = new DubboClient({ port, unref: true, timeoutMs: 10_000 });
  const bare = new DubboClient({ port: barePort, unref: true, timeoutMs: 10_000 });
  const one = (c: DubboClient) =>
    c.invoke({ service: SERVICE, method: "echoString", parameterTypes: TYPES, args: ["hello"] });
  const batch = (c: DubboClient) => Promise.all(Array.from({ length: 64 }, () => one(c)));
  await one(ours);
  await one(bare);
  const peer = `same client, bare net canned server (${placement === "process" ? "server process" : "same process"})`;
  return [
    { name: "rpc/dubbo/unary-c1", bytes: 0, ours: () => one(ours), peer: { name: peer, run: () => one(bare) } },
    {
      name: "rpc/dubbo/unary-c64 (op = 64 calls)",
      bytes: 0,
      ours: () => batch(ours),
      peer: { name: peer, run: () => batch(bare) },
    },
  ];
}
