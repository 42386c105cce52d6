/**
 * Triple transport benchmark, every side next to its peer in one run:
 *   server: unary req/s driven by h2load (Debian nghttp2-client), small and 64 KiB requests,
 *           our TripleServer vs @grpc/grpc-js vs a bare node:http2 echo server;
 *   client: unary calls/s and p50/p99 at concurrency 1, 16, 100, TripleClient vs the grpc-js
 *           client, both against the bare echo server;
 *   stream: server streaming of 64 KiB messages, MB/s, ours→ours vs grpc-js→grpc-js.
 * Run: node --conditions=@tribridge/source --import tsx packages/rpc/bench/triple-compare.ts
 * (also run by `npm run bench` through triple.bench.ts). BENCH_TRIPLE_N scales the counts.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { rawMethod, TripleClient } from "../src/index.js";

const SCALE = Number(process.env.BENCH_TRIPLE_N ?? "1");
const here = fileURLToPath(new URL(".", import.meta.url));

function startPeer(kind: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [...process.execArgv, join(here, "triple-peers.ts"), kind], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const m = /PORT (\d+)/.exec(String(d));
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.once("exit", (c) => reject(new Error(`${kind} exited ${c}`)));
  });
}

function framed(n: number): Buffer {
  const b = Buffer.alloc(5 + n, 1);
  b[0] = 0;
  b.writeUInt32BE(n, 1);
  return b;
}

function h2load(port: number, file: string, n: number): Promise<number | string> {
  const args = ["-n", String(n), "-c", "1", "-m", "100", "-d", file];
  args.push("-H", "content-type: application/grpc", "-H", "te: trailers");
  args.push(`http://127.0.0.1:${port}/bench.Echo/Unary`);
  return new Promise((resolve) =>
    execFile("h2load", args, { timeout: 120_000 }, (err, stdout) => {
      if (err) return resolve(`h2load failed: ${err.message.split("\n")[0]}`);
      const rps = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(stdout);
      const ok = /(\d+) succeeded/.exec(stdout);
      resolve(rps && ok && Number(ok[1]) === n ? Number(rps[1]) : `h2load: ${stdout.split("\n").slice(-12).join(" ")}`);
    }),
  );
}

async function loop(c: number, total: number, call: () => Promise<unknown>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next++ < total) {
        const s = performance.now();
        await call();
        lat.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return { rate: lat.length / secs, p50: q(0.5), p99: q(0.99) };
}

const fmt = (v: number | string) => (typeof v === "number" ? v.toFixed(0) : v);

export async function runTripleCompare(): Promise<string> {
  const lines: string[] = [];
  const peers = { ours: await startPeer("ours"), grpcjs: await startPeer("grpc-js"), echo: await startPeer("echo") };
  try {
    const small = join(tmpdir(), "tribridge-h2load-small.bin");
    const big = join(tmpdir(), "tribridge-h2load-64k.bin");
    writeFileSync(small, framed(16));
    writeFileSync(big, framed(64 * 1024));
    lines.push("server, h2load -c1 -m100 (req/s) | ours | grpc-js | bare echo | ours/grpc-js | ours/echo");
    for (const [label, file, n] of [
      ["small (16 B)", small, 100_000 * SCALE],
      ["64 KiB", big, 10_000 * SCALE],
    ] as const) {
      await h2load(peers.ours.port, file, 2000); // warm-up
      await h2load(peers.grpcjs.port, file, 2000);
      await h2load(peers.echo.port, file, 2000);
      const o = await h2load(peers.ours.port, file, n);
      const g = await h2load(peers.grpcjs.port, file, n);
      const e = await h2load(peers.echo.port, file, n);
      const r = (a: number | string, b: number | string) =>
        typeof a === "number" && typeof b === "number" ? (a / b).toFixed(2) : "-";
      lines.push(`${label} | ${fmt(o)} | ${fmt(g)} | ${fmt(e)} | ${r(o, g)} | ${r(o, e)}`);
    }

    const url = `http://127.0.0.1:${peers.echo.port}`;
    const ours = new TripleClient({ url, timeoutMs: 30_000 });
    const unary = rawMethod("/bench.Echo/Unary");
    const msg = new Uint8Array(16).fill(1);
    const gc = new grpc.Client(`127.0.0.1:${peers.echo.port}`, grpc.credentials.createInsecure());
    const id = (b: Buffer) => b;
    const gcall = () =>
      new Promise((resolve, reject) =>
        gc.makeUnaryRequest("/bench.Echo/Unary", id, id, Buffer.from(msg), (e, r) => (e ? reject(e) : resolve(r))),
      );
    lines.push("client vs bare echo, calls/s (p50/p99 ms) | TripleClient | grpc-js client | ratio");
    for (const c of [1, 16, 100]) {
      const total = (c === 1 ? 5_000 : 30_000) * SCALE;
      await loop(c, 1000, () => ours.unary(unary, msg));
      await loop(c, 1000, gcall);
      const a = await loop(c, total, () => ours.unary(unary, msg));
      const b = await loop(c, total, gcall);
      const f = (x: typeof a) => `${x.rate.toFixed(0)} (${x.p50.toFixed(2)}/${x.p99.toFixed(2)})`;
      lines.push(`c=${c} | ${f(a)} | ${f(b)} | ${(a.rate / b.rate).toFixed(2)}`);
    }
    await ours.close();

    const n = 2000 * SCALE;
    const req = new Uint8Array(4);
    new DataView(req.buffer).setUint32(0, n);
    const oc = new TripleClient({ url: `http://127.0.0.1:${peers.ours.port}`, timeoutMs: 60_000 });
    let t0 = performance.now();
    let bytes = 0;
    for await (const m of oc.serverStream(rawMethod("/bench.Echo/Stream", "server_streaming"), req)) bytes += m.length;
    const oursMBs = bytes / 1e6 / ((performance.now() - t0) / 1000);
    await oc.close();
    const gs = new grpc.Client(`127.0.0.1:${peers.grpcjs.port}`, grpc.credentials.createInsecure());
    t0 = performance.now();
    bytes = 0;
    for await (const m of gs.makeServerStreamRequest("/bench.Echo/Stream", id, id, Buffer.from(req))) {
      bytes += (m as Buffer).length;
    }
    const gMBs = bytes / 1e6 / ((performance.now() - t0) / 1000);
    gs.close();
    gc.close();
    lines.push("server streaming 64 KiB, MB/s | ours→ours | grpc-js→grpc-js | ratio");
    lines.push(`${n} msgs | ${oursMBs.toFixed(0)} | ${gMBs.toFixed(0)} | ${(oursMBs / gMBs).toFixed(2)}`);
  } finally {
    for (const p of Object.values(peers)) p.child.kill();
  }
  return lines.join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  runTripleCompare().then((t) => console.log(t));
}
