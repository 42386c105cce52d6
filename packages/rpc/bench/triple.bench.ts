/**
 * `npm run bench` entry for the Triple transport: prints the full comparison table of
 * triple-compare.ts (h2load server runs, client c1/c16/c100 with p50/p99 and CPU per call,
 * streaming MB/s, each over BENCH_TRIPLE_ROUNDS rounds with the spread of the ratios),
 * then adds tinybench cases at concurrency 16 (one op = 16 concurrent calls), all against
 * the same bare node:http2 echo server (in this process): TripleClient unary vs the grpc-js
 * client, and the ceiling, a bare node:http2 client (triple-compare.ts, `bareH2Client`) vs
 * the grpc-js client. The ceiling's ratio bounds what any client on node:http2 can show
 * against grpc-js here.
 */
import { createServer } from "node:http2";
import * as grpc from "@grpc/grpc-js";
import type { BenchCase } from "../../../scripts/bench-api.js";
import { rawMethod, TripleClient } from "../src/index.js";
import { bareH2Client, runTripleCompare } from "./triple-compare.js";

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
const CEILING = "rpc/triple/ceiling-c16 (bare node:http2 client, op = 16 calls)";

export async function cases(): Promise<BenchCase[]> {
  // scripts/bench.ts loads every module before filtering by case name: the comparison takes
  // minutes, so it runs only when the filter (argv[2]) selects this module's case.
  const filter = process.argv[2];
  if (filter !== undefined && filter !== "" && ![CASE, CEILING].some((n) => new RegExp(filter).test(n))) return [];
  console.log(`\n${await runTripleCompare()}\n`);
  const port = await echoServer();
  const ours = new TripleClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 30_000 });
  const gc = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const m = rawMethod("/bench.Echo/Unary");
  const msg = new Uint8Array(16).fill(1);
  const id = (b: Buffer) => b;
  const gmsg = Buffer.from(msg);
  const g = () =>
    new Promise((resolve, reject) =>
      gc.makeUnaryRequest("/bench.Echo/Unary", id, id, gmsg, (e, r) => (e ? reject(e) : resolve(r))),
    );
  // Its session stays ref'd: a call in flight must keep the process alive, and the harness
  // exits by itself once the table is printed.
  const bare = await bareH2Client(port, msg);
  const batch = (f: () => Promise<unknown>) => () => Promise.all(Array.from({ length: 16 }, f));
  const peer = { name: "@grpc/grpc-js client, same echo server", run: batch(g) };
  return [
    { name: CASE, bytes: 0, ours: batch(() => ours.unary(m, msg)), peer },
    { name: CEILING, bytes: 0, ours: batch(bare.call), peer },
  ];
}
