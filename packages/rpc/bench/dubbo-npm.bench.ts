/**
 * Unary Dubbo calls per second on loopback against the same DubboServer: our DubboClient
 * (the case) versus dubbo2.js 2.3.9 in direct-connect mode (the peer: the npm client a
 * Node user would otherwise pick), at concurrency 1 and 64. Both clients keep one socket.
 * One "op" of a -c64 case is a batch of 64 concurrent calls: calls/s = ops/s × 64.
 */
import type { BenchCase } from "../../../scripts/bench-api.js";
import { DubboClient, DubboServer } from "../src/index.js";
import { dubbo2Client, js2java } from "../test/dubbo2js.js";

const SERVICE = { interface: "com.example.interop.EchoService", version: "1.0.0" };
const TYPES = ["java.lang.String"];

export async function cases(): Promise<BenchCase[]> {
  const server = new DubboServer({ unref: true });
  server.addService(SERVICE, [{ name: "echoString", parameterTypes: TYPES, handler: (c) => c.args[0] }]);
  const { port } = await server.listen();
  const ours = new DubboClient({ port, unref: true, timeoutMs: 10_000 });
  const npm = dubbo2Client({
    port,
    interface: SERVICE.interface,
    version: SERVICE.version,
    timeoutSeconds: 10,
    methods: { echoString: (s: string) => [js2java.String(s)] },
  });
  await npm.ready();
  // dubbo2.js keeps its socket (and a 3-minute heartbeat interval) alive: let the bench exit.
  npm.unref();
  const one = () => ours.invoke({ service: SERVICE, method: "echoString", parameterTypes: TYPES, args: ["hello"] });
  const npmOne = async () => {
    const r = await npm.service.echoString("hello");
    if (r.err !== null) throw r.err;
    return r.res;
  };
  const batch = (f: () => Promise<unknown>) => () => Promise.all(Array.from({ length: 64 }, f));
  await one();
  await npmOne();
  const peer = "dubbo2.js 2.3.9 → same server";
  return [
    { name: "rpc/dubbo/client-c1", bytes: 0, ours: one, peer: { name: peer, run: npmOne } },
    {
      name: "rpc/dubbo/client-c64 (op = 64 calls)",
      bytes: 0,
      ours: batch(one),
      peer: { name: peer, run: batch(npmOne) },
    },
  ];
}
