/**
 * The connectrpc conformance suite (connectconformance v1.0.7, built by interop/go/setup.sh)
 * against our TripleServer, for the gRPC and gRPC-Web protocols. The server under test is
 * test/interop/conformance/server.ts; cases we are known to fail (with reasons) are listed in
 * conformance/known-failing.txt. The client under test (conformance/client.ts) drives
 * TripleClient and GrpcWebClient. Pass counts at the time of writing: server gRPC 462/462,
 * server gRPC-Web 189/189, client gRPC 217/217, client gRPC-Web 150/150.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { goTool, repoRoot, requireBuilt, runToCompletion } from "./harness/index.js";

const dir = resolve(repoRoot, "test/interop/conformance");

async function runSuite(mode: "server" | "client", config: string) {
  const run = await runToCompletion(
    requireBuilt(goTool("connectconformance"), "connectconformance (bash interop/go/setup.sh)"),
    [
      ...["--mode", mode, "--conf", resolve(dir, config)],
      ...["--known-failing", `@${resolve(dir, "known-failing.txt")}`],
      ...["--", process.execPath, "--conditions=@tribridge/source", "--import", "tsx", resolve(dir, `${mode}.ts`)],
    ],
    { cwd: repoRoot, timeoutMs: 600_000 },
  );
  const m = /(\d+) passed, (\d+) failed/.exec(run.stdout + run.stderr);
  return { run, passed: Number(m?.[1] ?? -1), failed: Number(m?.[2] ?? -1) };
}

describe("connectrpc conformance, server mode", () => {
  it("gRPC: every case passes", { timeout: 600_000 }, async () => {
    const r = await runSuite("server", "grpc.yaml");
    console.log(`conformance gRPC server: ${r.passed} passed, ${r.failed} failed`);
    expect(r.failed, r.run.describe()).toBe(0);
    expect(r.passed).toBeGreaterThan(400);
  });

  it("gRPC-Web: every case passes", { timeout: 600_000 }, async () => {
    const r = await runSuite("server", "grpc-web.yaml");
    console.log(`conformance gRPC-Web server: ${r.passed} passed, ${r.failed} failed`);
    expect(r.failed, r.run.describe()).toBe(0);
    expect(r.passed).toBeGreaterThan(150);
  });
});

describe("connectrpc conformance, client mode", () => {
  it("gRPC (TripleClient): every case passes", { timeout: 600_000 }, async () => {
    const r = await runSuite("client", "grpc-client.yaml");
    console.log(`conformance gRPC client: ${r.passed} passed, ${r.failed} failed`);
    expect(r.failed, r.run.describe()).toBe(0);
    expect(r.passed).toBeGreaterThan(200);
  });

  it("gRPC-Web (GrpcWebClient): every case passes", { timeout: 600_000 }, async () => {
    const r = await runSuite("client", "grpc-web-client.yaml");
    console.log(`conformance gRPC-Web client: ${r.passed} passed, ${r.failed} failed`);
    expect(r.failed, r.run.describe()).toBe(0);
    expect(r.passed).toBeGreaterThan(100);
  });
});
