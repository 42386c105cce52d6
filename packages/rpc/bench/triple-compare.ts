/**
 * Triple transport benchmark, every side next to its peer in one run:
 *   server: unary req/s driven by h2load (Debian nghttp2-client), small and 64 KiB requests,
 *           our TripleServer vs @grpc/grpc-js vs a bare node:http2 echo server, plus the
 *           server process's CPU µs per request;
 *   client: unary calls/s, p50/p99, client and echo-server CPU µs per call at concurrency 1, 16, 100,
 *           TripleClient vs the grpc-js client, both against the bare echo server, next to the
 *           ceiling: a bare node:http2 client (`bareH2Client`) that no client on node:http2 can beat;
 *   stream: server streaming of 64 KiB messages, MB/s, ours→ours vs grpc-js→grpc-js.
 * Each measurement runs BENCH_TRIPLE_ROUNDS times (default 3), the sides alternating within
 * a round (client rows: in short interleaved slices, see SLICES); per-round ratios are
 * printed with their min–max spread, since on a shared machine absolute rates move a lot
 * between runs. CPU per call is the steadier figure there.
 * Run: node --conditions=@tribridge/source --import tsx packages/rpc/bench/triple-compare.ts
 * (also run by `npm run bench` through triple.bench.ts). BENCH_TRIPLE_N scales the counts;
 * BENCH_TRIPLE_PARTS (comma list of server, client, stream; default all) picks sections, so
 * a change to one side can be measured more often in the same time.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { type ClientHttp2Stream, connect } from "node:http2";
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

/** Calls, latencies and CPU of one client, summed over the slices of a round. */
class Tally {
  readonly lat: number[] = [];
  secs = 0;
  /** Client process CPU µs. */
  cpu = 0;
  /** Echo server CPU µs. */
  echo = 0;

  get rate(): number {
    return this.lat.length / this.secs;
  }

  q(p: number): number {
    return this.lat[Math.min(this.lat.length - 1, Math.floor(p * this.lat.length))] ?? 0;
  }

  line(): string {
    this.lat.sort((a, b) => a - b);
    const n = this.lat.length;
    const us = (v: number) => (v / n).toFixed(0);
    return `${this.rate.toFixed(0)} (${this.q(0.5).toFixed(2)}/${this.q(0.99).toFixed(2)}, ${us(this.cpu)}, ${us(this.echo)})`;
  }
}

/** `total` calls, `c` at a time, added to `t`. */
async function loop(c: number, total: number, call: () => Promise<unknown>, t = new Tally()): Promise<Tally> {
  let next = 0;
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next++ < total) {
        const s = performance.now();
        await call();
        t.lat.push(performance.now() - s);
      }
    }),
  );
  t.secs += (performance.now() - t0) / 1000;
  const u = process.cpuUsage(u0);
  t.cpu += u.user + u.system;
  return t;
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

/**
 * The ceiling of any unary client on node:http2: one session, one pre-encoded gRPC request
 * (the clients' 16-byte message, framed) per call, and a call is over when its stream closes.
 * No header or status check, no message parsing, no deadline, no error handling: only what
 * node:http2 costs per call, which a real client pays on top of its own work. The headers are
 * the least a gRPC server accepts (node adds :scheme and :authority). The response bytes are
 * read (flowing mode, dropped), since an unread stream never closes.
 */
export async function bareH2Client(port: number, message: Uint8Array) {
  const session = connect(`http://127.0.0.1:${port}`);
  await new Promise<void>((resolve, reject) => {
    session.once("connect", () => resolve());
    session.once("error", reject);
  });
  const headers = {
    ":method": "POST",
    ":path": "/bench.Echo/Unary",
    "content-type": "application/grpc",
    te: "trailers",
  };
  const options = { endStream: false };
  const request = Buffer.allocUnsafe(5 + message.length);
  request[0] = 0;
  request.writeUInt32BE(message.length, 1);
  request.set(message, 5);
  return {
    call: () =>
      new Promise<void>((resolve) => {
        const stream: ClientHttp2Stream = session.request(headers, options);
        stream.on("close", resolve);
        stream.resume();
        stream.end(request);
      }),
    session,
  };
}

/**
 * Client sides run in short slices, interleaved (the order rotating per slice), and each
 * side's figure sums its slices: the load another process puts on this machine changes over
 * seconds, and a side measured in one long block would catch a different share of it.
 */
const SLICES = 10;

async function clientSection(peers: Peers, lines: string[]): Promise<void> {
  const url = `http://127.0.0.1:${peers.echo.port}`;
  const ours = new TripleClient({ url, timeoutMs: 30_000 });
  const unary = rawMethod("/bench.Echo/Unary");
  const msg = new Uint8Array(16).fill(1);
  const gc = new grpc.Client(`127.0.0.1:${peers.echo.port}`, grpc.credentials.createInsecure());
  const id = (b: Buffer) => b;
  // One Buffer for every grpc-js call, as a caller holding its request would pass it: a copy
  // per call would be the bench's cost charged to the peer.
  const gmsg = Buffer.from(msg);
  const gcall = () =>
    new Promise((resolve, reject) =>
      gc.makeUnaryRequest("/bench.Echo/Unary", id, id, gmsg, (e, r) => (e ? reject(e) : resolve(r))),
    );
  const bare = await bareH2Client(peers.echo.port, msg);
  const sides = [() => ours.unary(unary, msg), gcall, bare.call];
  lines.push(
    `client vs bare echo, ${SLICES} interleaved slices per round | round | calls/s (p50/p99 ms, client CPU µs/call, echo server CPU µs/call): TripleClient | grpc-js client | ceiling (bare node:http2) | ours/grpc-js | ceiling/grpc-js | ours/ceiling | client CPU grpc-js/ours`,
  );
  for (const c of [1, 16, 100]) {
    const total = (c === 1 ? 5_000 : 20_000) * SCALE;
    const per = Math.ceil(total / SLICES);
    for (const side of sides) await loop(c, 1000, side);
    const ratios = { vsG: [] as number[], ceilG: [] as number[], vsCeil: [] as number[], cpu: [] as number[] };
    for (let r = 1; r <= ROUNDS; r++) {
      const tallies = sides.map(() => new Tally());
      for (let i = 0; i < SLICES; i++) {
        for (let j = 0; j < sides.length; j++) {
          const k = (i + j) % sides.length;
          const t = tallies[k] as Tally;
          const e0 = await peers.echo.cpu();
          await loop(c, per, sides[k] as () => Promise<unknown>, t);
          t.echo += (await peers.echo.cpu()) - e0;
        }
      }
      const [a, b, k] = tallies as [Tally, Tally, Tally];
      const cpu = (t: Tally) => t.cpu / t.lat.length;
      ratios.vsG.push(a.rate / b.rate);
      ratios.ceilG.push(k.rate / b.rate);
      ratios.vsCeil.push(a.rate / k.rate);
      ratios.cpu.push(cpu(b) / cpu(a));
      lines.push(
        `c=${c} | ${r} | ${a.line()} | ${b.line()} | ${k.line()} | ${(a.rate / b.rate).toFixed(2)} | ${(k.rate / b.rate).toFixed(2)} | ${(a.rate / k.rate).toFixed(2)} | ${(cpu(b) / cpu(a)).toFixed(2)}`,
      );
    }
    lines.push(
      `c=${c} spread | ours/grpc-js ${spread(ratios.vsG)} | ceiling/grpc-js ${spread(ratios.ceilG)} | ours/ceiling ${spread(ratios.vsCeil)} | grpc-js CPU / ours CPU ${spread(ratios.cpu)}`,
    );
  }
  await ours.close();
  gc.close();
  bare.session.close();
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
