/**
 * Triple transport interop: our TripleClient and TripleServer against grpcio (Python) and
 * Apache Dubbo 3.3.6 Triple (Java), both directions; Java with protobuf IDL (Greeter) and
 * the Hessian2 wrapper mode (EchoService) including a thrown exception.
 */
import { resolve } from "node:path";
import { toJs } from "@tribridge/hessian2";
import { Code, RemoteError, TripleClient, type TripleError } from "@tribridge/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { greeter, startGreeter } from "../../packages/rpc/test/triple-helpers.js";
import { echoServiceMethods } from "./dubbo-echo-service.js";
import {
  javaDubboProvider,
  type Peer,
  pythonGreeterClient,
  pythonGreeterServer,
  repoRoot,
  requireBuilt,
  runToCompletion,
} from "./harness/index.js";

const ECHO = { interface: "com.example.interop.EchoService", version: "1.0.0" };

async function greeterChecks(client: TripleClient) {
  expect((await client.unary(greeter.SayHello, { name: "node" })).message).toBe("Hello, node!");
  const stream: string[] = [];
  for await (const m of client.serverStream(greeter.SayHelloStream, { name: "node" })) stream.push(m.message ?? "");
  expect(stream).toEqual(["Hello, node! #1", "Hello, node! #2", "Hello, node! #3"]);
  const c = await client.clientStream(greeter.Collect, [{ name: "a" }, { name: "b" }, { name: "c" }]);
  expect(c.message).toBe("Hello, a, b, c!");
  const chat: string[] = [];
  for await (const m of client.bidiStream(greeter.Chat, [{ name: "x" }, { name: "y" }])) chat.push(m.message ?? "");
  expect(chat).toEqual(["Hello, x!", "Hello, y!"]);
  const e = (await client.unary(greeter.SayHello, { name: "" }).catch((x) => x)) as TripleError;
  expect(e.grpcCode).toBe(Code.INVALID_ARGUMENT);
}

describe("grpcio (Python)", () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await pythonGreeterServer();
  });
  afterAll(() => peer?.stop());

  it("our TripleClient → grpcio server: all four kinds and an error", async () => {
    const client = new TripleClient({ url: `http://127.0.0.1:${peer.ports.port}`, timeoutMs: 5000 });
    try {
      await greeterChecks(client);
    } finally {
      await client.close();
    }
  });

  it("grpcio client → our TripleServer: the smoke client passes", async () => {
    const { server, port } = await startGreeter();
    try {
      const run = await pythonGreeterClient(`127.0.0.1:${port}`);
      expect({ ok: run.ok, fail: run.fail }, run.describe()).toEqual({ ok: 5, fail: 0 });
    } finally {
      await server.close({ graceMs: 100 });
    }
  });
});

describe("Apache Dubbo 3.3.6 Triple (Java)", () => {
  let provider: Peer;
  let client: TripleClient;
  beforeAll(async () => {
    provider = await javaDubboProvider();
    client = new TripleClient({ url: `http://127.0.0.1:${provider.ports.tri}`, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await client?.close();
    await provider?.stop();
  });

  it("our TripleClient → Java provider, protobuf IDL Greeter", async () => {
    await greeterChecks(client);
  });

  it("our TripleClient → Java provider, Hessian2 wrapper mode", async () => {
    const call = (method: string, parameterTypes: string[], args: unknown[], extra = {}) =>
      client.invoke({ service: { ...ECHO, ...extra }, method, parameterTypes, args });
    expect((await call("echoString", ["java.lang.String"], ["héllo"])).value).toBe("héllo");
    expect((await call("echoString", ["java.lang.String", "java.lang.String"], ["a", "b"])).value).toBe("a|b");
    expect(toJs((await call("echoLong", ["long"], [2n ** 60n])).value as never)).toBe(2n ** 60n);
    expect((await call("echoInt", ["int"], [7])).value).toBe(7);
    const att = await client.invoke({
      service: { ...ECHO, group: "g1" },
      method: "echoAttachments",
      parameterTypes: [],
      args: [],
      attachments: { "x-tribridge": "hello" },
    });
    const m = toJs(att.value as never) as Record<string, string>;
    expect(m["x-tribridge"]).toBe("hello");
    expect(m["_peer.group"]).toBe("g1");
  });

  it("our TripleClient → Java provider: a thrown BizException arrives as RemoteError", async () => {
    const e = (await client
      .invoke({ service: ECHO, method: "fail", parameterTypes: ["java.lang.String"], args: ["boom"] })
      .catch((x) => x)) as RemoteError;
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.javaClass).toBe("com.example.interop.BizException");
    expect(e.remoteMessage).toBe("boom");
    expect(e.fields.code).toBe(4001);
  });

  it("Java consumer → our TripleServer: the tri smoke scenario passes", async () => {
    const { server, port } = await startGreeter();
    server.addService(ECHO, echoServiceMethods(""));
    server.addService({ ...ECHO, group: "g1" }, echoServiceMethods("g1"));
    try {
      const jar = requireBuilt(resolve(repoRoot, "interop/java/dubbo-peer/target/dubbo-peer.jar"), "dubbo-peer jar");
      const run = await runToCompletion(
        "java",
        ["-jar", jar, "consumer", "--tri-url", `tri://127.0.0.1:${port}`, "smoke"],
        {
          cwd: repoRoot,
          timeoutMs: 100_000,
        },
      );
      const failed = run.stdout.split("\n").filter((l) => l.includes('"ok":false'));
      const done = /^DONE ok=(\d+) fail=(\d+)$/m.exec(run.stdout);
      expect(done, run.describe()).not.toBeNull();
      expect(failed, run.stdout).toEqual([]);
      expect(Number(done?.[1])).toBeGreaterThan(20); // tri-only run: 27 checks in Dubbo 3.3.6's smoke
    } finally {
      await server.close({ graceMs: 500 });
    }
  });
});
