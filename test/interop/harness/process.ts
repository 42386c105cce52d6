/**
 * Starting, watching and stopping the interop lab's peer processes (Node built-ins only).
 *
 * Every process is spawned as the leader of its own process group (`detached: true`), so
 * `stop()` can signal the peer together with anything it forked, and nothing else: signals
 * go to `-pid` of a group this module created, never to processes found by name.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** Keeps the last `limit` characters of a process's output for failure messages. */
export class OutputTail {
  private chunks: string[] = [];
  private size = 0;

  constructor(private readonly limit = 64 * 1024) {}

  push(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
    if (this.size > this.limit) {
      this.chunks[0] = this.chunks[0]!.slice(this.size - this.limit);
      this.size = this.limit;
    }
  }

  toString(): string {
    return this.chunks.join("");
  }
}

export type StreamName = "stdout" | "stderr";

export interface PeerOptions {
  /** Short name used in messages, e.g. "python-greeter". */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** Added to (and overriding) the parent's environment. */
  env?: Record<string, string>;
  /**
   * Readiness line. Ports are parsed from the matching line: every `key=<digits>` pair
   * becomes `ports.key`. Without it the peer counts as ready once spawned.
   */
  ready?: RegExp;
  /** Where to look for the readiness line; default "stdout". */
  readyStream?: StreamName | "either";
  /** How long to wait for the readiness line; default 30 s. */
  timeoutMs?: number;
  /** Characters of combined output kept for messages; default 64 KiB. */
  tailChars?: number;
  /** Give the peer a writable stdin (e.g. for line-oriented request/response tools). */
  stdin?: boolean;
}

export interface Peer {
  readonly name: string;
  readonly pid: number;
  /** `key=<port>` pairs parsed from the readiness line. */
  readonly ports: Readonly<Record<string, number>>;
  /** The readiness line itself ("" when no `ready` pattern was given). */
  readonly readyLine: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** Whether the process is still running. */
  running(): boolean;
  /** The last output of the peer, each line prefixed with its stream. */
  log(): string;
  /** Calls `listener` for every complete output line from now on; returns an unsubscribe function. */
  onLine(listener: (line: string, stream: StreamName) => void): () => void;
  /** SIGTERM to the group, SIGKILL after `graceMs` (default 3 s); resolves once exited. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Thrown when a peer cannot be started; the message carries its recent output. */
export class PeerStartError extends Error {
  override readonly name = "PeerStartError";
}

/** Process groups started here and not yet seen to exit: killed if the test process exits first. */
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveGroups) signalGroup(pid, "SIGKILL");
});

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
  }
}

/** Parses every `key=<digits>` pair of a line. */
export function parsePorts(line: string): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const m of line.matchAll(/([A-Za-z][\w-]*)=(\d{1,5})\b/g)) {
    ports[m[1]!] = Number(m[2]);
  }
  return ports;
}

function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w./:=@+-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

function describeExit(exit: ExitInfo): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function failureMessage(what: string, name: string, cmd: string, tail: OutputTail): string {
  const log = tail.toString().trimEnd() || "(no output)";
  return `${name}: ${what}\ncommand: ${cmd}\n--- last output of ${name} ---\n${log}\n--- end of ${name} output ---`;
}

/**
 * Spawns a peer in its own process group and waits for its readiness line.
 * Rejects with a {@link PeerStartError} (carrying the peer's output) if the process cannot be
 * spawned, exits first, or is not ready within `timeoutMs`; the group is killed in those cases.
 */
export async function startPeer(options: PeerOptions): Promise<Peer> {
  const { name, command, ready } = options;
  const args = options.args ?? [];
  const timeoutMs = options.timeoutMs ?? 30_000;
  const readyStream = options.readyStream ?? "stdout";
  const cmd = describeCommand(command, args);
  const tail = new OutputTail(options.tailChars);
  const listeners = new Set<(line: string, stream: StreamName) => void>();

  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      if (child.pid !== undefined) {
        // Stragglers of the group (forked children) go with their leader.
        signalGroup(child.pid, "SIGKILL");
        liveGroups.delete(child.pid);
      }
      resolve(exitInfo);
    });
  });
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  if (child.pid !== undefined) liveGroups.add(child.pid);

  for (const stream of ["stdout", "stderr"] as const) {
    let partial = "";
    const source = child[stream]!;
    source.setEncoding("utf8");
    source.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop()!;
      for (const raw of lines) {
        const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
        tail.push(`${stream === "stdout" ? "out" : "err"}| ${line}\n`);
        for (const listener of listeners) listener(line, stream);
      }
    });
  }
  const onLine = (listener: (line: string, stream: StreamName) => void): (() => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  const stop = async (graceMs = 3_000): Promise<ExitInfo> => {
    if (exitInfo) return exitInfo;
    if (child.pid === undefined) return { code: null, signal: null }; // never spawned
    signalGroup(child.pid, "SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), graceMs);
    });
    const first = await Promise.race([exited, graceOver]);
    clearTimeout(timer);
    if (first !== "timeout") return first;
    signalGroup(child.pid, "SIGKILL");
    return exited;
  };

  let readyLine = "";
  let ports: Record<string, number> = {};
  if (ready) {
    const readyRe = new RegExp(ready.source, ready.flags.replace(/[gy]/g, "")); // no lastIndex state
    let unsubscribe = (): void => {};
    const readySeen = new Promise<string>((resolve) => {
      unsubscribe = onLine((line, stream) => {
        if ((readyStream === "either" || readyStream === stream) && readyRe.test(line)) resolve(line);
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const outcome = await Promise.race([
      readySeen.then((line) => ({ kind: "ready" as const, line })),
      exited.then((exit) => ({ kind: "exited" as const, exit })),
      spawnError.then((error) => ({ kind: "error" as const, error })),
      timedOut.then(() => ({ kind: "timeout" as const })),
    ]);
    clearTimeout(timer);
    unsubscribe();
    if (outcome.kind !== "ready") {
      await stop(500);
      const what =
        outcome.kind === "exited"
          ? `exited (${describeExit(outcome.exit)}) before printing a line matching ${ready}`
          : outcome.kind === "error"
            ? `could not be spawned: ${outcome.error.message}`
            : `no line matching ${ready} on ${readyStream} within ${timeoutMs} ms`;
      throw new PeerStartError(failureMessage(what, name, cmd, tail));
    }
    readyLine = outcome.line;
    ports = parsePorts(readyLine);
  } else {
    // Give a bad command the chance to fail as a spawn error rather than later.
    const outcome = await Promise.race([once(child, "spawn").then(() => undefined), spawnError.then((error) => error)]);
    if (outcome instanceof Error) {
      throw new PeerStartError(failureMessage(`could not be spawned: ${outcome.message}`, name, cmd, tail));
    }
  }

  return {
    name,
    pid: child.pid!,
    ports,
    readyLine,
    child,
    exited,
    running: () => exitInfo === undefined,
    log: () => tail.toString(),
    onLine,
    stop,
  };
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the process group after this long; default 60 s. */
  timeoutMs?: number;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Characters of each stream kept; default 1 MiB. */
  maxOutputChars?: number;
}

export interface RunResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** A ready-made failure description: command, exit and both output tails. */
  describe(): string;
}

/** Runs a command in its own process group to completion (or until `timeoutMs`, then kills the group). */
export async function runToCompletion(
  command: string,
  args: readonly string[] = [],
  options: RunOptions = {},
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const stdout = new OutputTail(options.maxOutputChars ?? 1024 * 1024);
  const stderr = new OutputTail(options.maxOutputChars ?? 1024 * 1024);
  const cmd = describeCommand(command, args);
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (child.pid !== undefined) liveGroups.add(child.pid);
  child.stdout.setEncoding("utf8").on("data", (s: string) => stdout.push(s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => stderr.push(s));
  child.stdin.on("error", () => {}); // the command may exit without reading its input
  child.stdin.end(options.input ?? "");

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
  }, timeoutMs);
  const { code, signal, error } = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    error?: Error;
  }>((resolve) => {
    child.once("error", (e) => resolve({ code: null, signal: null, error: e }));
    child.once("close", (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(timer);
  if (child.pid !== undefined) {
    signalGroup(child.pid, "SIGKILL");
    liveGroups.delete(child.pid);
  }
  if (error) stderr.push(`\n[harness] could not run: ${error.message}\n`);

  const result: RunResult = {
    command: cmd,
    code,
    signal,
    timedOut,
    stdout: stdout.toString(),
    stderr: stderr.toString(),
    durationMs: Math.round(performance.now() - started),
    describe: () =>
      `${cmd}\n${timedOut ? `timed out after ${timeoutMs} ms` : describeExit({ code, signal })}` +
      `\n--- stdout ---\n${result.stdout.trimEnd()}\n--- stderr ---\n${result.stderr.trimEnd()}\n--- end ---`,
  };
  return result;
}
