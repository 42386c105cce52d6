/**
 * `npm run bench` entry for the Triple transport: prints the full comparison table of
 * triple-compare.ts (h2load server runs, client c1/c16/c100 with p50/p99 and CPU per call,
 * streaming MB/s, each over BENCH_TRIPLE_ROUNDS rounds with the spread of the ratios),
 * then adds a tinybench case: TripleClient unary vs the grpc-js client, same bare
 * node:http2 echo server, concurrency 16 (one op = 16 concurrent calls).
 */
import { createServer } from "node:http2";
import * as grpc from "@grpc/grpc-js";
import type { BenchCase } from "../../../scripts/bench-api.js";
import { rawMethod, TripleClient } from "../src/index.js";
import { runTripleCompare } from "./triple-compare.js";

async function echoServer(): Promise<number> {
  const s = createServer();
  s.on("stream", (stream) => {
    const parts: Buffer[] = [];
    stream.on("data", (c: Buffer) => parts.push(c));
    stream.on("end", () => {
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
      stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.end(Buffer.concat(parts));
    });
  });
  // scripts/bench.ts has no teardown: nothing here may keep the process alive at the end.
  s.on("session", (session) => session.unref());
  s.unref();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as { port: number }).port;
}

const CASE = "rpc/triple/client-unary-c16 (op = 16 calls)";

export async function cases(): Promise<BenchCase[]> {
  // scripts/bench.ts loads every module before filtering by case name: the comparison takes
  // minutes, so it runs only when the filter (argv[2]) selects this module's case.
  const filter = process.argv[2];
  if (filter !== undefined && filter !== "" && !new RegExp(filter).test(CASE)) return [];
  console.log(`\n${await runTripleCompare()}\n`);
  const port = await echoServer();
  const ours = new TripleClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 30_000 });
  const gc = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const m = rawMethod("/bench.Echo/Unary");
  const msg = new Uint8Array(16).fill(1);
  const id = (b: Buffer) => b;
  const g = () =>
    new Promise((resolve, reject) =>
      gc.makeUnaryRequest("/bench.Echo/Unary", id, id, Buffer.from(msg), (e, r) => (e ? reject(e) : resolve(r))),
    );
  const batch = (f: () => Promise<unknown>) => () => Promise.all(Array.from({ length: 16 }, f));
  return [
    {
      name: CASE,
      bytes: 0,
      ours: batch(() => ours.unary(m, msg)),
      peer: { name: "@grpc/grpc-js client, same echo server", run: batch(g) },
    },
  ];
}
