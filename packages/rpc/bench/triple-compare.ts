/**
 * Triple transport benchmark, every side next to its peer in one run:
 *   server: unary req/s driven by h2load (Debian nghttp2-client), small and 64 KiB requests,
 *           our TripleServer vs @grpc/grpc-js vs a bare node:http2 echo server, plus the
 *           server process's CPU µs per request;
 *   client: unary calls/s, p50/p99, client and echo-server CPU µs per call at concurrency 1, 16, 100,
 *           TripleClient vs the grpc-js client, both against the bare echo server;
 *   stream: server streaming of 64 KiB messages, MB/s, ours→ours vs grpc-js→grpc-js.
 * Each measurement runs BENCH_TRIPLE_ROUNDS times (default 3), the sides alternating within
 * a round; per-round ratios are printed with their min–max spread, since on a shared machine
 * absolute rates move a lot between runs. CPU per call is the steadier figure there.
 * Run: node --conditions=@tribridge/source --import tsx packages/rpc/bench/triple-compare.ts
 * (also run by `npm run bench` through triple.bench.ts). BENCH_TRIPLE_N scales the counts;
 * BENCH_TRIPLE_PARTS (comma list of server, client, stream; default all) picks sections, so
 * a change to one side can be measured more often in the same time.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { rawMethod, TripleClient } from "../src/index.js";

const SCALE = Number(process.env.BENCH_TRIPLE_N ?? "1");
const ROUNDS = Math.max(1, Math.min(10, Number(process.env.BENCH_TRIPLE_ROUNDS ?? "3")));
const PARTS = new Set((process.env.BENCH_TRIPLE_PARTS ?? "server,client,stream").split(","));
const here = fileURLToPath(new URL(".", import.meta.url));

interface Peer {
  readonly port: number;
  readonly child: ChildProcess;
  /** CPU time (µs) the peer process has used so far. */
  cpu(): Promise<number>;
}

function startPeer(kind: string): Promise<Peer> {
  const child = spawn(process.execPath, [...process.execArgv, join(here, "triple-peers.ts"), kind], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const waiting: ((us: number) => void)[] = [];
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      for (const line of String(d).split("\n")) {
        const port = /^PORT (\d+)/.exec(line);
        if (port) {
          const cpu = () =>
            new Promise<number>((r) => {
              waiting.push(r);
              child.kill("SIGUSR2");
            });
          resolve({ port: Number(port[1]), child, cpu });
        }
        const cpu = /^CPU (\d+)/.exec(line);
        if (cpu) waiting.shift()?.(Number(cpu[1]));
      }
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

/** req/s and server CPU µs per request of one h2load run against one peer. */
async function serverRun(peer: Peer, file: string, n: number) {
  const c0 = await peer.cpu();
  const rps = await h2load(peer.port, file, n);
  const cpu = ((await peer.cpu()) - c0) / n;
  return { rps, cpu };
}

async function loop(c: number, total: number, call: () => Promise<unknown>) {
  const lat: number[] = [];
  let next = 0;
  const u0 = process.cpuUsage();
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
  const u = process.cpuUsage(u0);
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return { rate: lat.length / secs, p50: q(0.5), p99: q(0.99), cpu: (u.user + u.system) / lat.length };
}

const fmt = (v: number | string) => (typeof v === "number" ? v.toFixed(0) : v);
const div = (a: number | string, b: number | string) =>
  typeof a === "number" && typeof b === "number" && b > 0 ? a / b : undefined;

/** `median (min–max)` of per-round ratios. */
function spread(rs: (number | undefined)[]): string {
  const v = rs.filter((r): r is number => r !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return "-";
  const med = v[Math.floor((v.length - 1) / 2)] as number;
  return v.length === 1
    ? med.toFixed(2)
    : `${med.toFixed(2)} (${(v[0] as number).toFixed(2)}–${(v[v.length - 1] as number).toFixed(2)})`;
}

type Peers = Record<"ours" | "grpcjs" | "echo", Peer>;

export async function runTripleCompare(): Promise<string> {
  const lines: string[] = [`rounds: ${ROUNDS}; ratios as median (min–max) over rounds`];
  const peers = { ours: await startPeer("ours"), grpcjs: await startPeer("grpc-js"), echo: await startPeer("echo") };
  try {
    if (PARTS.has("server")) await serverSection(peers, lines);
    if (PARTS.has("client")) await clientSection(peers, lines);
    if (PARTS.has("stream")) await streamSection(peers, lines);
  } finally {
    for (const p of Object.values(peers)) p.child.kill();
  }
  return lines.join("\n");
}

async function serverSection(peers: Peers, lines: string[]): Promise<void> {
  const small = join(tmpdir(), "tribridge-h2load-small.bin");
  const big = join(tmpdir(), "tribridge-h2load-64k.bin");
  writeFileSync(small, framed(16));
  writeFileSync(big, framed(64 * 1024));
  lines.push(
    "server, h2load -c1 -m100 | round | ours req/s | grpc-js | bare echo | ours/grpc-js | ours/echo | CPU µs/req ours, grpc-js, echo",
  );
  for (const [label, file, n] of [
    ["small (16 B)", small, 50_000 * SCALE],
    ["64 KiB", big, 5_000 * SCALE],
  ] as const) {
    for (const p of Object.values(peers)) await h2load(p.port, file, 2000); // warm-up
    const vsG: (number | undefined)[] = [];
    const vsE: (number | undefined)[] = [];
    const cpuG: (number | undefined)[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const o = await serverRun(peers.ours, file, n);
      const g = await serverRun(peers.grpcjs, file, n);
      const e = await serverRun(peers.echo, file, n);
      vsG.push(div(o.rps, g.rps));
      vsE.push(div(o.rps, e.rps));
      cpuG.push(div(g.cpu, o.cpu));
      const ratio = (x: number | undefined) => (x === undefined ? "-" : x.toFixed(2));
      lines.push(
        `${label} | ${r} | ${fmt(o.rps)} | ${fmt(g.rps)} | ${fmt(e.rps)} | ${ratio(div(o.rps, g.rps))} | ${ratio(div(o.rps, e.rps))} | ${o.cpu.toFixed(0)}, ${g.cpu.toFixed(0)}, ${e.cpu.toFixed(0)}`,
      );
    }
    lines.push(
      `${label} spread | ours/grpc-js ${spread(vsG)} | ours/echo ${spread(vsE)} | grpc-js CPU / ours CPU ${spread(cpuG)}`,
    );
  }
}

async function clientSection(peers: Peers, lines: string[]): Promise<void> {
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
  lines.push(
    "client vs bare echo | round | TripleClient calls/s (p50/p99 ms, client CPU µs/call, echo server CPU µs/call) | grpc-js client | calls/s ratio | client CPU ratio",
  );
  for (const c of [1, 16, 100]) {
    const total = (c === 1 ? 5_000 : 20_000) * SCALE;
    await loop(c, 1000, () => ours.unary(unary, msg));
    await loop(c, 1000, gcall);
    const rates: number[] = [];
    const cpus: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const e0 = await peers.echo.cpu();
      const a = await loop(c, total, () => ours.unary(unary, msg));
      const e1 = await peers.echo.cpu();
      const b = await loop(c, total, gcall);
      const e2 = await peers.echo.cpu();
      rates.push(a.rate / b.rate);
      cpus.push(b.cpu / a.cpu);
      const f = (x: typeof a, echo: number) =>
        `${x.rate.toFixed(0)} (${x.p50.toFixed(2)}/${x.p99.toFixed(2)}, ${x.cpu.toFixed(0)}, ${(echo / total).toFixed(0)})`;
      lines.push(
        `c=${c} | ${r} | ${f(a, e1 - e0)} | ${f(b, e2 - e1)} | ${(a.rate / b.rate).toFixed(2)} | ${(b.cpu / a.cpu).toFixed(2)}`,
      );
    }
    lines.push(`c=${c} spread | calls/s ratio ${spread(rates)} | grpc-js CPU / ours CPU ${spread(cpus)}`);
  }
  await ours.close();
  gc.close();
}

async function streamSection(peers: Peers, lines: string[]): Promise<void> {
  const id = (b: Buffer) => b;
  const n = 2000 * SCALE;
  const req = new Uint8Array(4);
  new DataView(req.buffer).setUint32(0, n);
  const oc = new TripleClient({ url: `http://127.0.0.1:${peers.ours.port}`, timeoutMs: 60_000 });
  const gs = new grpc.Client(`127.0.0.1:${peers.grpcjs.port}`, grpc.credentials.createInsecure());
  lines.push("server streaming 64 KiB | round | ours→ours MB/s | grpc-js→grpc-js MB/s | ratio");
  const sr: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    let t0 = performance.now();
    let bytes = 0;
    for await (const m of oc.serverStream(rawMethod("/bench.Echo/Stream", "server_streaming"), req)) {
      bytes += m.length;
    }
    const oursMBs = bytes / 1e6 / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    bytes = 0;
    for await (const m of gs.makeServerStreamRequest("/bench.Echo/Stream", id, id, Buffer.from(req))) {
      bytes += (m as Buffer).length;
    }
    const gMBs = bytes / 1e6 / ((performance.now() - t0) / 1000);
    sr.push(oursMBs / gMBs);
    lines.push(`${n} msgs | ${r} | ${oursMBs.toFixed(0)} | ${gMBs.toFixed(0)} | ${(oursMBs / gMBs).toFixed(2)}`);
  }
  lines.push(`streaming spread | ratio ${spread(sr)}`);
  await oc.close();
  gs.close();
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  runTripleCompare().then((t) => console.log(t));
}
