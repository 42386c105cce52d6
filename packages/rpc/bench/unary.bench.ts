/**
 * Unary Dubbo calls per second on loopback: our DubboClient against our DubboServer, at
 * concurrency 1 and 64. The peer of each case is the same client against a bare `net`
 * server that answers every request with a canned response frame (the ceiling a server
 * can approach), so the ratio is our server's share of it. One "op" of a -c64 case is a
 * batch of 64 concurrent calls: calls/s = ops/s × 64.
 */
import { createServer } from "node:net";
import { encodeFrame, FrameSplitter } from "@tribridge/dubbo";
import type { BenchCase } from "../../../scripts/bench-api.js";
import { DubboClient, DubboServer } from "../src/index.js";

const SERVICE = { interface: "com.example.interop.EchoService", version: "1.0.0" };
const TYPES = ["java.lang.String"];

async function cannedServer(): Promise<number> {
  const canned = encodeFrame({ type: "response", id: 0n, body: { kind: "value", value: "hello" } });
  const server = createServer((socket) => {
    socket.unref();
    socket.setNoDelay(true);
    const splitter = new FrameSplitter();
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
  server.unref();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

export async function cases(): Promise<BenchCase[]> {
  const server = new DubboServer({ unref: true });
  server.addService(SERVICE, [{ name: "echoString", parameterTypes: TYPES, handler: (c) => c.args[0] }]);
  const { port } = await server.listen();
  const ours = new DubboClient({ port, unref: true, timeoutMs: 10_000 });
  const bare = new DubboClient({ port: await cannedServer(), unref: true, timeoutMs: 10_000 });
  const one = (c: DubboClient) =>
    c.invoke({ service: SERVICE, method: "echoString", parameterTypes: TYPES, args: ["hello"] });
  const batch = (c: DubboClient) => Promise.all(Array.from({ length: 64 }, () => one(c)));
  await one(ours);
  await one(bare);
  return [
    {
      name: "rpc/dubbo/unary-c1",
      bytes: 0,
      ours: () => one(ours),
      peer: { name: "same client, bare net canned server", run: () => one(bare) },
    },
    {
      name: "rpc/dubbo/unary-c64 (op = 64 calls)",
      bytes: 0,
      ours: () => batch(ours),
      peer: { name: "same client, bare net canned server", run: () => batch(bare) },
    },
  ];
}
