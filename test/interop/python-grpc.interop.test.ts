/**
 * Node (@grpc/grpc-js) against the Python grpcio Greeter, and the Python smoke client against
 * the same server: proves the lab's gRPC baseline before any tribridge code is involved.
 */
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GreeterClient, greeterClient, sayHello, sayHelloStream } from "./greeter-grpc-js.js";
import { type Peer, pythonGreeterClient, pythonGreeterServer } from "./harness/index.js";

describe("python grpcio Greeter", () => {
  let server: Peer;
  let client: GreeterClient;

  beforeAll(async () => {
    server = await pythonGreeterServer();
    client = greeterClient(`127.0.0.1:${server.ports.port}`);
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it("reports its port on the readiness line", () => {
    expect(server.ports.port).toBeGreaterThan(0);
  });

  it("answers SayHello from grpc-js", async () => {
    expect(await sayHello(client, "node")).toEqual({ message: "Hello, node!" });
  });

  it("maps an empty name to INVALID_ARGUMENT", async () => {
    const error = await sayHello(client, "").then(
      () => undefined,
      (e: grpc.ServiceError) => e,
    );
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toBe("name is required");
  });

  it("streams SayHelloStream to grpc-js", async () => {
    expect(await sayHelloStream(client, "node")).toEqual(["Hello, node! #1", "Hello, node! #2", "Hello, node! #3"]);
  });

  it("passes the python smoke client", async () => {
    const run = await pythonGreeterClient(`127.0.0.1:${server.ports.port}`);
    expect(run.code, run.describe()).toBe(0);
    expect({ ok: run.ok, fail: run.fail }, run.describe()).toEqual({ ok: 5, fail: 0 });
  });

  it("is still running after the calls", () => {
    expect(server.running(), server.log()).toBe(true);
  });
});
