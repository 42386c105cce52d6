/**
 * Unary Dubbo calls per second on loopback against the same DubboServer: our DubboClient
 * (the case) versus dubbo2.js 2.3.9 in direct-connect mode (the peer: the npm client a
 * Node user would otherwise pick), at concurrency 1 and 64. Both clients keep one socket.
 * One "op" of a -c64 case is a batch of 64 concurrent calls: calls/s = ops/s × 64.
 *
 * The server runs in a child process of its own, as a provider does in production
 * (`BENCH_SERVER=in-process` puts it back on the bench's event loop). The `ceiling-c1` row
 * is a raw `net` ping-pong against the same server, next to dubbo2.js: no client can beat
 * it, so its ratio bounds what any client can show against dubbo2.js at concurrency 1.
 */
import { DUBBO_VERSION, encodeFrame, HEADER_LENGTH, javaArgs, toAttachments } from "@tribridge/dubbo";
import type { BenchCase } from "../../../scripts/bench-api.js";
import { DubboClient } from "../src/index.js";
import { dubbo2Client, js2java } from "../test/dubbo2js.js";
import { type Placement, pingPong, DUBBO_SERVICE as SERVICE, serverPort, STRING_TYPES as TYPES } from "./servers.js";

export const placement: Placement = process.env.BENCH_SERVER === "in-process" ? "in-process" : "process";

export async function cases(): Promise<BenchCase[]> {
  const port = await serverPort("dubbo", placement);
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
  const raw = await pingPong(port, requestFrame(), (head) =>
    head.length < HEADER_LENGTH ? undefined : HEADER_LENGTH + head.readUInt32BE(12),
  );
  const batch = (f: () => Promise<unknown>) => () => Promise.all(Array.from({ length: 64 }, f));
  await one();
  await npmOne();
  await raw();
  const where = placement === "process" ? "server process" : "same process";
  const peer = `dubbo2.js 2.3.9 → same server (${where})`;
  return [
    { name: "rpc/dubbo/client-c1", bytes: 0, ours: one, peer: { name: peer, run: npmOne } },
    {
      name: "rpc/dubbo/client-c64 (op = 64 calls)",
      bytes: 0,
      ours: batch(one),
      peer: { name: peer, run: batch(npmOne) },
    },
    { name: "rpc/dubbo/ceiling-c1 (raw net ping-pong)", bytes: 0, ours: raw, peer: { name: peer, run: npmOne } },
  ];
}

/** The request our client sends for echoString("hello"), id 0 (the server echoes it back). */
function requestFrame(): Uint8Array {
  return encodeFrame({
    type: "request",
    id: 0n,
    twoWay: true,
    body: {
      dubboVersion: DUBBO_VERSION,
      path: SERVICE.interface,
      version: SERVICE.version,
      method: "echoString",
      descriptor: "Ljava/lang/String;",
      args: javaArgs(["hello"], TYPES),
      attachments: toAttachments({
        path: SERVICE.interface,
        interface: SERVICE.interface,
        version: SERVICE.version,
        timeout: "10000",
      }),
    },
  });
}
