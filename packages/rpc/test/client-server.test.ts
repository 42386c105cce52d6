import { toDescriptor } from "@tribridge/dubbo";
import { DubboClient, RemoteError, type RpcError } from "@tribridge/rpc";
import { afterEach, describe, expect, it } from "vitest";
import { ECHO, ourResources, startServer } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function pair(clientOptions?: Partial<ConstructorParameters<typeof DubboClient>[0]>) {
  const { server, port } = await startServer();
  const client = new DubboClient({ port, ...clientOptions });
  cleanups.push(() => server.close({ graceMs: 100 }));
  cleanups.push(() => client.close({ graceMs: 100 }));
  return { server, client, port };
}

describe("DubboClient ↔ DubboServer", () => {
  it("calls typed methods, dispatches overloads and groups", async () => {
    const { client } = await pair();
    expect(await client.call(ECHO, "echoString", ["java.lang.String"], ["hi"])).toBe("hi");
    expect(await client.call(ECHO, "echoString", ["java.lang.String", "java.lang.String"], ["a", "b"])).toBe("a|b");
    expect(await client.call({ ...ECHO, group: "g1" }, "echoString", ["java.lang.String"], ["x"])).toBe("g1:x");
    const big = 2n ** 62n + 1n;
    expect(
      (await client.invoke({ service: ECHO, method: "echoLong", parameterTypes: ["long"], args: [big] })).value,
    ).toBe(big);
    expect(toDescriptor(["long"])).toBe("J");
  });

  it("returns a thrown error as a typed RemoteError with its Java class and fields", async () => {
    const { client } = await pair();
    const e = await client.call(ECHO, "fail", ["java.lang.String"], ["bad"]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RemoteError);
    expect((e as RemoteError).javaClass).toBe("com.example.interop.BizException");
    expect((e as RemoteError).remoteMessage).toBe("bad");
    expect((e as RemoteError).fields.code).toBe(4001);
  });

  it("carries attachments both ways", async () => {
    const { client } = await pair();
    const r = await client.invoke({
      service: ECHO,
      method: "echoAttachments",
      parameterTypes: [],
      args: [],
      attachments: { k: "v" },
    });
    expect(r.attachments.seen).toBe("v");
    expect(r.attachments.dubbo).toBe("2.0.2");
  });

  it("answers unknown services, methods and overloads with typed status errors", async () => {
    const { client } = await pair();
    const noService = await client.call({ interface: "x.Y" }, "m", [], []).catch((x: unknown) => x);
    expect((noService as RpcError).code).toBe("REMOTE_STATUS");
    expect((noService as RpcError).statusName).toBe("SERVICE_ERROR");
    const noMethod = await client.call(ECHO, "echoString", ["int"], [1]).catch((x: unknown) => x);
    expect((noMethod as RpcError).statusName).toBe("BAD_REQUEST");
  });

  it("accepts generic invocation ($invoke)", async () => {
    const { client } = await pair();
    const r = await client.$invoke(ECHO, "echoString", ["java.lang.String", "java.lang.String"], ["p", "q"]);
    expect(r.value).toBe("p|q");
  });

  it("multiplexes many concurrent calls over a pool", async () => {
    const { client } = await pair({ connections: 2 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.call(ECHO, "echoString", ["java.lang.String"], [`m${i}`])),
    );
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
  });

  it("rejects a call whose deadline passes and whose signal aborts", async () => {
    const { client } = await pair();
    const e = await client.call(ECHO, "sleep", ["int"], [2000], { timeoutMs: 50 }).catch((x: unknown) => x);
    expect((e as RpcError).code).toBe("DEADLINE_EXCEEDED");
    const ac = new AbortController();
    const p = client.call(ECHO, "sleep", ["int"], [2000], { signal: ac.signal });
    ac.abort();
    expect(((await p.catch((x: unknown) => x)) as RpcError).code).toBe("CANCELLED");
  });

  it("rejects arguments that do not fit their declared types before sending", async () => {
    const { client } = await pair();
    const e = await client.call(ECHO, "echoLong", ["long"], [1.5]).catch((x: unknown) => x);
    expect((e as RpcError).code).toBe("BAD_ARGUMENT");
  });

  it("drains calls in flight on graceful close and leaves nothing behind", async () => {
    const before = ourResources().length;
    const { server, port } = await startServer();
    const client = new DubboClient({ port });
    const slow = client.call(ECHO, "sleep", ["int"], [100]);
    await new Promise((r) => setTimeout(r, 20));
    const closing = client.close();
    await expect(client.call(ECHO, "echoString", ["java.lang.String"], ["x"])).rejects.toMatchObject({
      code: "CLIENT_CLOSED",
    });
    expect(await slow).toBe("slept 100");
    await closing;
    await server.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(ourResources().length).toBeLessThanOrEqual(before);
  });

  it("sends heartbeats on an idle connection and keeps it alive", async () => {
    const { server, port } = await startServer({ idleTimeoutMs: 300 });
    const client = new DubboClient({ port, heartbeatMs: 60 });
    cleanups.push(() => server.close({ graceMs: 10 }));
    cleanups.push(() => client.close());
    expect(await client.call(ECHO, "echoString", ["java.lang.String"], ["a"])).toBe("a");
    await new Promise((r) => setTimeout(r, 800));
    expect(server.connectionCount).toBe(1);
    expect(await client.call(ECHO, "echoString", ["java.lang.String"], ["b"])).toBe("b");
  });

  it("server closes idle connections that send no heartbeat; the client reconnects", async () => {
    const { server, port } = await startServer({ idleTimeoutMs: 100 });
    const client = new DubboClient({ port, heartbeatMs: 0, idleTimeoutMs: 0 });
    cleanups.push(() => server.close({ graceMs: 10 }));
    cleanups.push(() => client.close());
    expect(await client.call(ECHO, "echoString", ["java.lang.String"], ["a"])).toBe("a");
    for (let i = 0; i < 50 && server.connectionCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(server.connectionCount).toBe(0);
    // The server has closed its side; give the client's socket a moment to see the FIN. A call
    // written in that window would meet the close in flight (CONNECTION_CLOSED), as with any
    // provider that closes idle connections; this test is about the call after it.
    await new Promise((r) => setTimeout(r, 100));
    expect(await client.call(ECHO, "echoString", ["java.lang.String"], ["b"])).toBe("b");
  });
});
