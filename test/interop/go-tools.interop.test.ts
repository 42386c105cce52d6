/**
 * The Go tools of the lab (interop/go/bin) against the Python Greeter: grpcurl (reflection and
 * proto-file modes) and a bounded ghz load (200 requests, 2 workers) that must see no error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  goTool,
  greeterProto,
  type Peer,
  protoDir,
  pythonGreeterServer,
  requireBuilt,
  runToCompletion,
} from "./harness/index.js";

describe("go tools against the python Greeter", () => {
  let server: Peer;
  let target: string;

  beforeAll(async () => {
    server = await pythonGreeterServer();
    target = `127.0.0.1:${server.ports.port}`;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const grpcurl = (...args: string[]) =>
    runToCompletion(requireBuilt(goTool("grpcurl"), "grpcurl"), ["-plaintext", "-max-time", "10", ...args], {
      timeoutMs: 30_000,
    });

  it("grpcurl lists the services through server reflection", async () => {
    const run = await grpcurl(target, "list");
    expect(run.code, run.describe()).toBe(0);
    expect(run.stdout.split("\n")).toContain("tribridge.interop.Greeter");
  });

  it("grpcurl describes and calls SayHello from the proto file", async () => {
    const proto = ["-import-path", protoDir, "-proto", greeterProto];
    const describe = await grpcurl(...proto, "describe", "tribridge.interop.Greeter");
    expect(describe.code, describe.describe()).toBe(0);
    expect(describe.stdout).toContain("rpc Chat ( stream .tribridge.interop.HelloRequest )");

    const call = await grpcurl(...proto, "-d", '{"name":"grpcurl"}', target, "tribridge.interop.Greeter/SayHello");
    expect(call.code, call.describe()).toBe(0);
    expect(JSON.parse(call.stdout)).toEqual({ message: "Hello, grpcurl!" });
  });

  it("grpcurl reports INVALID_ARGUMENT for an empty name", async () => {
    const run = await grpcurl("-d", '{"name":""}', target, "tribridge.interop.Greeter/SayHello");
    expect(run.code, run.describe()).not.toBe(0);
    expect(run.stderr).toContain("Code: InvalidArgument");
    expect(run.stderr).toContain("Message: name is required");
  });

  it("ghz runs 200 requests with 2 workers without errors", async () => {
    const run = await runToCompletion(
      requireBuilt(goTool("ghz"), "ghz"),
      [
        ...["--insecure", "--proto", greeterProto, "--import-paths", protoDir],
        ...["--call", "tribridge.interop.Greeter.SayHello", "-d", '{"name":"ghz"}'],
        ...["-n", "200", "-c", "2", "--timeout", "5s", "--format", "json", target],
      ],
      { timeoutMs: 90_000 },
    );
    expect(run.code, run.describe()).toBe(0);
    const report = JSON.parse(run.stdout) as {
      count: number;
      statusCodeDistribution?: Record<string, number>;
      errorDistribution?: Record<string, number> | null;
    };
    expect(report.count, run.describe()).toBe(200);
    expect(report.statusCodeDistribution).toEqual({ OK: 200 });
    expect(report.errorDistribution ?? {}).toEqual({});
  });
});
