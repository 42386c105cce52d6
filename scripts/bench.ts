/**
 * Benchmark harness: finds every `codecs/<name>/bench/*.bench.ts` and
 * `packages/<name>/bench/*.bench.ts`, imports it (each exports `cases`, see bench-api.ts),
 * and runs every case, then its peer, with tinybench in this process on the same input.
 *
 *   npm run bench                 # everything
 *   npm run bench -- 'hessian2/'  # only cases whose name matches the regex
 *
 * Environment: BENCH_TIME_MS (time budget per task, default 500), BENCH_WARMUP_MS (default 150).
 * Prints one line per case as it finishes, a table at the end, and writes the same results
 * as JSON to `.bench-results/<date>.json` (gitignored) for comparing runs.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Bench, type Task } from "tinybench";
import type { BenchCase, BenchModule } from "./bench-api.js";

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const TIME_MS = positiveEnv("BENCH_TIME_MS", 500);
const WARMUP_MS = positiveEnv("BENCH_WARMUP_MS", 150);
// Bounds on the iteration count, so a very fast task cannot run for long past its budget
// and a very slow one still gets a handful of samples.
const MIN_ITERATIONS = 8;
const MAX_CASES = 10_000;

interface Measured {
  readonly opsPerSec: number;
  readonly rme: number;
  readonly samples: number;
}

interface Row {
  readonly name: string;
  readonly module: string;
  readonly bytes: number;
  readonly ours: Measured | string;
  readonly peerName?: string;
  readonly peer?: Measured | string;
}

function positiveEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

/** `<area>/<workspace>/bench/*.bench.ts` for area in codecs, packages. */
function discover(): string[] {
  const found: string[] = [];
  for (const area of ["codecs", "packages"]) {
    const areaDir = join(root, area);
    let workspaces: string[];
    try {
      workspaces = readdirSync(areaDir);
    } catch {
      continue;
    }
    for (const ws of workspaces.sort()) {
      const benchDir = join(areaDir, ws, "bench");
      let files: string[];
      try {
        if (!statSync(benchDir).isDirectory()) continue;
        files = readdirSync(benchDir);
      } catch {
        continue;
      }
      for (const f of files.sort()) if (f.endsWith(".bench.ts")) found.push(join(benchDir, f));
    }
  }
  return found;
}

async function loadCases(file: string): Promise<BenchCase[]> {
  const mod = (await import(pathToFileURL(file).href)) as Partial<BenchModule>;
  if (mod.cases === undefined) throw new Error(`${relative(root, file)} does not export "cases"`);
  const cases = typeof mod.cases === "function" ? await mod.cases() : mod.cases;
  if (!Array.isArray(cases)) throw new Error(`${relative(root, file)}: "cases" is not an array`);
  return cases.slice(0, MAX_CASES);
}

// tinybench times every call of a task; its clock costs about 80 ns, which is 8% of a 1 µs
// operation and shrinks the ratio of the faster side. Synchronous cases are therefore timed in
// batches of about BATCH_NS, the call count per batch calibrated for each side on its own.
const BATCH_NS = 20_000;
const MAX_BATCH = 1_000;

/** Calls of `fn` per timed batch: 1 for asynchronous or slow cases. */
function batchSize(fn: () => unknown): number {
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (calls < 10_000 && elapsed < 2_000_000) {
    fn();
    calls++;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  const perCall = elapsed / calls;
  return Math.max(1, Math.min(MAX_BATCH, Math.ceil(BATCH_NS / Math.max(perCall, 1))));
}

function isThenable(v: unknown): boolean {
  return (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

async function measure(name: string, fn: () => unknown, timeMs = TIME_MS): Promise<Measured | string> {
  // Smoke-run once outside the timer: a throwing case is reported, not measured.
  let first: unknown;
  try {
    first = fn();
    if (isThenable(first)) await first;
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  const batch = isThenable(first) ? 1 : batchSize(fn);
  const task =
    batch === 1
      ? fn
      : () => {
          for (let i = 0; i < batch; i++) fn();
        };
  const bench = new Bench({
    name,
    time: timeMs,
    warmupTime: WARMUP_MS,
    iterations: MIN_ITERATIONS,
    warmupIterations: MIN_ITERATIONS,
  });
  bench.add(name, task);
  const tasks: Task[] = await bench.run();
  const result = tasks[0]?.result;
  if (result === undefined) return "error: no result";
  if (result.state === "errored") return `error: ${result.error.message}`;
  if (result.state !== "completed") return `error: task ${result.state}`;
  return {
    opsPerSec: result.throughput.mean * batch,
    rme: result.latency.rme,
    samples: (result.latency.samples?.length ?? Math.round(result.totalTime / result.period)) * batch,
  };
}

// Ours and the peer take turns, ROUNDS times, each turn a share of the time budget: load from
// other processes on a shared machine then hits both sides alike instead of skewing the ratio.
const ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function measurePair(
  name: string,
  ours: () => unknown,
  peer: { readonly name: string; readonly run: () => unknown },
): Promise<{ ours: Measured | string; peer: Measured | string }> {
  const oursRounds: Measured[] = [];
  const peerRounds: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const o = await measure(name, ours, TIME_MS / ROUNDS);
    if (typeof o === "string") return { ours: o, peer: await measure(`${name} [${peer.name}]`, peer.run) };
    const p = await measure(`${name} [${peer.name}]`, peer.run, TIME_MS / ROUNDS);
    if (typeof p === "string") return { ours: o, peer: p };
    oursRounds.push(o);
    peerRounds.push(p);
  }
  // The reported ops/s are medians per side, scaled so that their quotient is the median of the
  // per-round ratios (the steadier figure when the machine's load changes between rounds).
  const ratioMedian = median(oursRounds.map((o, i) => o.opsPerSec / (peerRounds[i] as Measured).opsPerSec));
  const peerOps = median(peerRounds.map((p) => p.opsPerSec));
  const combine = (rounds: readonly Measured[], opsPerSec: number): Measured => ({
    opsPerSec,
    rme: median(rounds.map((r) => r.rme)),
    samples: rounds.reduce((n, r) => n + r.samples, 0),
  });
  return { ours: combine(oursRounds, peerOps * ratioMedian), peer: combine(peerRounds, peerOps) };
}

function fmtOps(m: Measured | string | undefined): string {
  if (m === undefined) return "-";
  if (typeof m === "string") return "ERR";
  return m.opsPerSec >= 100 ? Math.round(m.opsPerSec).toLocaleString("en-US") : m.opsPerSec.toFixed(2);
}

function fmtMBs(m: Measured | string | undefined, bytes: number): string {
  if (m === undefined || typeof m === "string" || bytes <= 0) return "-";
  const mbs = (m.opsPerSec * bytes) / 1e6;
  return mbs >= 100 ? mbs.toFixed(0) : mbs.toFixed(1);
}

function ratio(row: Row): number | undefined {
  if (typeof row.ours !== "object" || typeof row.peer !== "object") return undefined;
  return row.ours.opsPerSec / row.peer.opsPerSec;
}

function fmtRatio(row: Row): string {
  const r = ratio(row);
  return r === undefined ? "-" : `${r.toFixed(2)}x`;
}

function table(rows: readonly Row[]): string {
  const header = ["case", "bytes", "ours ops/s", "ours MB/s", "peer", "peer ops/s", "peer MB/s", "ours/peer"];
  const body = rows.map((r) => [
    r.name,
    String(r.bytes),
    fmtOps(r.ours),
    fmtMBs(r.ours, r.bytes),
    r.peerName ?? "-",
    fmtOps(r.peer),
    fmtMBs(r.peer, r.bytes),
    fmtRatio(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => (line[i] ?? "").length)));
  const numeric = new Set([1, 2, 3, 5, 6, 7]);
  const fmt = (line: readonly string[]) =>
    `| ${line.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(" | ")} |`;
  const sep = `|${widths.map((w, i) => (numeric.has(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [fmt(header), sep, ...body.map(fmt)].join("\n");
}

async function main(): Promise<void> {
  const filterArg = process.argv[2];
  const filter = filterArg === undefined || filterArg === "" ? undefined : new RegExp(filterArg);
  const cpu = cpus()[0]?.model?.trim() ?? "unknown CPU";
  const env = `Node ${process.version}, ${process.platform}/${process.arch}, ${cpu} x${cpus().length}`;
  console.log(`tribridge bench: ${env}`);
  console.log(`time ${TIME_MS} ms/task, warmup ${WARMUP_MS} ms${filter ? `, filter /${filter.source}/` : ""}\n`);

  const files = discover();
  if (files.length === 0) throw new Error("no bench/*.bench.ts found under codecs/ or packages/");
  const rows: Row[] = [];
  let failures = 0;
  for (const file of files) {
    const rel = relative(root, file);
    let cases: BenchCase[];
    try {
      cases = await loadCases(file);
    } catch (error) {
      failures++;
      console.error(`! ${rel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      continue;
    }
    for (const c of cases) {
      if (filter && !filter.test(c.name)) continue;
      const { ours, peer } = c.peer
        ? await measurePair(c.name, c.ours, c.peer)
        : { ours: await measure(c.name, c.ours), peer: undefined };
      const row: Row = {
        name: c.name,
        module: rel,
        bytes: c.bytes,
        ours,
        ...(c.peer ? { peerName: c.peer.name } : {}),
        ...(peer !== undefined ? { peer } : {}),
      };
      rows.push(row);
      if (typeof ours === "string") failures++;
      const peerPart = c.peer
        ? `  | ${c.peer.name}: ${typeof peer === "string" ? peer : `${fmtOps(peer)} ops/s, ${fmtMBs(peer, c.bytes)} MB/s`}  | ours/peer ${fmtRatio(row)}`
        : "";
      const oursPart =
        typeof ours === "string"
          ? ours
          : `${fmtOps(ours)} ops/s ±${ours.rme.toFixed(1)}%, ${fmtMBs(ours, c.bytes)} MB/s`;
      console.log(`${c.name}: ${oursPart}${peerPart}`);
    }
  }

  console.log(`\n${env}\n`);
  console.log(table(rows));
  const outDir = join(root, ".bench-results");
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    outFile,
    `${JSON.stringify({ node: process.version, cpu, timeMs: TIME_MS, rows: rows.map((r) => ({ ...r, ratio: ratio(r) })) }, null, 2)}\n`,
  );
  console.log(`\nresults written to ${relative(root, outFile)}`);
  if (rows.length === 0) console.log("no case matched");
  if (failures > 0) {
    console.error(`${failures} bench module(s)/case(s) failed`);
    process.exitCode = 1;
  }
}

await main();
// Some peers (sofa-rpc-node, dubbo2.js) keep sockets or timers open after their benchmark;
// the table is printed, so end here rather than wait for them.
process.exit(process.exitCode ?? 0);
