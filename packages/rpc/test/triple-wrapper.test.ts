/**
 * TripleClient and TripleServer with each other: Hessian calls in wrapper mode through the
 * shared ClientTransport/ServerTransport (incl. a thrown Java exception, groups, attachments),
 * backpressure on a client-streaming upload, and graceful shutdown.
 */
import { JavaObject, toJs } from "@tribridge/hessian2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bytesSerializer,
  Code,
  clientStreamingMethod,
  RemoteError,
  rawMethod,
  TripleClient,
  TripleError,
  type TripleServer,
} from "../src/index.js";
import { greeter, startGreeter } from "./triple-helpers.js";

const ECHO = "com.example.interop.EchoService";

describe("TripleClient ↔ TripleServer", () => {
  let server: TripleServer;
  let client: TripleClient;
  const received = { bytes: 0 };

  beforeAll(async () => {
    const s = await startGreeter();
    server = s.server;
    for (const group of [undefined, "g1"]) {
      server.addService({ interface: ECHO, version: "1.0.0", ...(group ? { group } : {}) }, [
        {
          name: "echoString",
          parameterTypes: ["java.lang.String"],
          returnType: "java.lang.String",
          handler: (c) => c.args[0],
        },
        { name: "echoLong", parameterTypes: ["long"], returnType: "long", handler: (c) => c.args[0] },
        {
          name: "echoAttachments",
          parameterTypes: [],
          handler: (c) =>
            new Map(Object.entries({ ...c.attachments, "_peer.group": group ?? "" }).map(([k, v]) => [k, String(v)])),
        },
        {
          name: "fail",
          parameterTypes: ["java.lang.String"],
          returnType: "java.lang.String",
          handler: (c) => {
            throw new RemoteError("com.example.interop.BizException", String(c.args[0]), { code: 4001 });
          },
        },
      ]);
    }
    server.addMethod(
      "test.Upload",
      "Sink",
      clientStreamingMethod(bytesSerializer, bytesSerializer, async (reqs) => {
        for await (const r of reqs) received.bytes += r.length;
        return new Uint8Array([1]);
      }),
    );
    client = new TripleClient({ url: s.url, timeoutMs: 5000, application: "tribridge-test" });
  });
  afterAll(async () => {
    await client.close();
    await server.close({ graceMs: 100 });
  });

  it("invokes wrapper-mode methods with Hessian values", async () => {
    const r = await client.invoke({
      service: { interface: ECHO, version: "1.0.0" },
      method: "echoString",
      parameterTypes: ["java.lang.String"],
      args: ["héllo"],
    });
    expect(r.value).toBe("héllo");
    const l = await client.invoke({
      service: { interface: ECHO, version: "1.0.0" },
      method: "echoLong",
      parameterTypes: ["long"],
      args: [2n ** 40n],
    });
    expect(toJs(l.value as never)).toBe(2 ** 40);
  });

  it("routes by group and carries attachments", async () => {
    const r = await client.invoke({
      service: { interface: ECHO, version: "1.0.0", group: "g1" },
      method: "echoAttachments",
      parameterTypes: [],
      args: [],
      attachments: { "x-tribridge": "hello", MixedCase: "v" },
    });
    const m = toJs(r.value as never) as Record<string, string>;
    expect(m["_peer.group"]).toBe("g1");
    expect(m["x-tribridge"]).toBe("hello");
    expect(m.MixedCase).toBe("v");
  });

  it("throws the remote Java exception as RemoteError", async () => {
    const e = (await client
      .invoke({
        service: { interface: ECHO, version: "1.0.0" },
        method: "fail",
        parameterTypes: ["java.lang.String"],
        args: ["bad"],
      })
      .catch((x) => x)) as RemoteError;
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.javaClass).toBe("com.example.interop.BizException");
    expect(e.remoteMessage).toBe("bad");
    expect(e.fields.code).toBe(4001);
    expect(e.exception).toBeInstanceOf(JavaObject);
  });

  it("answers UNIMPLEMENTED for an unknown version", async () => {
    const e = (await client
      .invoke({ service: { interface: ECHO, version: "9" }, method: "echoLong", parameterTypes: ["long"], args: [1] })
      .catch((x) => x)) as TripleError;
    expect(e.grpcCode).toBe(Code.UNIMPLEMENTED);
  });

  it("uploads a client stream far larger than any window, with bounded buffering", async () => {
    const chunk = new Uint8Array(256 * 1024);
    function* chunks() {
      for (let i = 0; i < 64; i++) yield chunk;
    }
    const r = await client.clientStream(rawMethod("/test.Upload/Sink", "client_streaming"), chunks());
    expect([...r]).toEqual([1]);
    expect(received.bytes).toBe(64 * chunk.length);
  });

  it("streams all kinds between our own client and server", async () => {
    expect((await client.unary(greeter.SayHello, { name: "a" })).message).toBe("Hello, a!");
    const chat: string[] = [];
    for await (const m of client.bidiStream(greeter.Chat, [{ name: "p" }, { name: "q" }])) chat.push(m.message ?? "");
    expect(chat).toEqual(["Hello, p!", "Hello, q!"]);
  });

  it("shuts down gracefully: calls in flight finish or get UNAVAILABLE, new connections are refused", async () => {
    const s = await startGreeter();
    const c = new TripleClient({ url: s.url });
    expect((await c.unary(greeter.SayHello, { name: "x" })).message).toBe("Hello, x!");
    const slow = c.unary(greeter.SayHello, { name: "slow" }, { timeoutMs: 10_000 }).catch((x) => x as TripleError);
    await new Promise((r) => setTimeout(r, 50));
    await s.server.close({ graceMs: 100 });
    const e = await slow;
    expect(e).toBeInstanceOf(TripleError);
    expect([Code.UNAVAILABLE, Code.CANCELLED]).toContain((e as TripleError).grpcCode);
    const after = (await c.unary(greeter.SayHello, { name: "y" }).catch((x) => x)) as TripleError;
    expect(after.grpcCode).toBe(Code.UNAVAILABLE);
    await c.close();
  });
});
