/**
 * Dubbo 2 against Apache Dubbo Java 3.3 (interop/java/dubbo-peer): our client calls the
 * Java provider, the Java consumer calls our server. Both sessions go through a recording
 * proxy; with UPDATE_DUBBO_FIXTURES=1 the frames Java wrote become fixtures/dubbo/java-frames.json.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { JavaList, type JavaMap, type JavaObject, java } from "@tribridge/hessian2";
import { DubboClient, DubboServer, RemoteError, type RpcError } from "@tribridge/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoServiceMethods } from "./dubbo-echo-service.js";
import { type RecordedFrame, recordingProxy } from "./dubbo-recorder.js";
import { javaDubboProvider, type Peer, repoRoot, requireBuilt, runToCompletion } from "./harness/index.js";

const ECHO = { interface: "com.example.interop.EchoService", version: "1.0.0" } as const;
const USER = "com.example.interop.User";
const golden: { writer: string; frames: RecordedFrame[] }[] = [];

const user = (id: bigint, name: string) =>
  java.object(USER, {
    id,
    name,
    email: `${name}@example.com`,
    tags: ["a", "b"],
    createdAt: new Date(1_700_000_000_123),
    score: java.double(1.5),
  });

describe("our DubboClient → Java provider", () => {
  let provider: Peer;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let client: DubboClient;

  beforeAll(async () => {
    provider = await javaDubboProvider();
    proxy = await recordingProxy(provider.ports.dubbo as number);
    client = new DubboClient({ port: proxy.port, timeoutMs: 10_000, heartbeatMs: 200, idleTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await client?.close();
    golden.push({ writer: "java-provider", frames: proxy?.frames.filter((f) => f.direction === "to-consumer") ?? [] });
    await proxy?.close();
    await provider?.stop();
  });

  const inv = (method: string, types: string[], args: unknown[], extra = {}) =>
    client.invoke({ service: ECHO, method, parameterTypes: types, args, ...extra });

  it("strings, overloads, ints, longs beyond 2^53, booleans, doubles", async () => {
    expect((await inv("echoString", ["java.lang.String"], ["héllo 😀"])).value).toBe("héllo 😀");
    expect((await inv("echoString", ["java.lang.String", "java.lang.String"], ["a", "b"])).value).toBe("a|b");
    expect((await inv("echoInt", ["int"], [-123456])).value).toBe(-123456);
    const big = 2n ** 62n + 12345n;
    expect((await inv("echoLong", ["long"], [big])).value).toBe(big);
    expect((await inv("echoBoxedLong", ["java.lang.Long"], [null])).value).toBe(null);
    expect((await inv("echoBool", ["boolean"], [true])).value).toBe(true);
    expect(Number((await inv("echoDouble", ["double"], [2])).value)).toBe(2);
  });

  it("BigDecimal, Date, enum, byte[]", async () => {
    const bd = (await inv("echoBigDecimal", ["java.math.BigDecimal"], ["12345678901234567890.000123"])).value;
    expect((bd as JavaObject).get("value")).toBe("12345678901234567890.000123");
    const d = (await inv("echoDate", ["java.util.Date"], [new Date(1_700_000_000_123)])).value as Date;
    expect(d.getTime()).toBe(1_700_000_000_123);
    const e = (await inv("echoEnum", ["com.example.interop.Color"], [java.enum("com.example.interop.Color", "GREEN")]))
      .value as JavaObject;
    expect(e.className).toBe("com.example.interop.Color");
    expect(e.get("name")).toBe("GREEN");
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    expect(Array.from((await inv("echoBytes", ["byte[]"], [bytes])).value as Uint8Array)).toEqual(Array.from(bytes));
  });

  it("POJOs, List<DTO>, Map<Integer, DTO>", async () => {
    const users = [user(1n, "ann"), user(2n ** 60n, "bob")];
    const list = (await inv("echoUsers", ["java.util.List"], [users])).value;
    const items = list instanceof JavaList ? list.items : (list as unknown[]);
    expect(items).toHaveLength(2);
    expect((items[1] as JavaObject).get("id")).toBe(2n ** 60n);
    expect((items[0] as JavaObject).get("name")).toBe("ann");
    const map = (await inv("echoUserMap", ["java.util.Map"], [java.map(null, [[7, users[0] as JavaObject]])]))
      .value as JavaMap;
    expect(((map.get(7) as JavaObject) ?? null)?.get("name")).toBe("ann");
    const order = java.object("com.example.interop.Order", {
      orderId: 99n,
      buyer: users[0] as JavaObject,
      items: [java.object("com.example.interop.Item", { sku: "s1", quantity: 2, price: java.BigDecimal("9.99") })],
      color: java.enum("com.example.interop.Color", "RED"),
      placedAt: new Date(1_700_000_000_000),
      note: null,
    });
    const back = (await inv("echoOrder", ["com.example.interop.Order"], [order])).value as JavaObject;
    expect(back.get("orderId")).toBe(99n);
    expect((back.get("buyer") as JavaObject).get("name")).toBe("ann");
  });

  it("a thrown custom exception arrives as RemoteError with class and code", async () => {
    const e = (await inv("fail", ["java.lang.String"], ["boom"]).catch((x: unknown) => x)) as RemoteError;
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.javaClass).toBe("com.example.interop.BizException");
    expect(e.remoteMessage).toBe("boom");
    expect(e.fields.code).toBe(4001);
  });

  it("attachments both ways and groups", async () => {
    const r = await inv("echoAttachments", [], [], { attachments: { "x-tribridge": "hello" } });
    const m = r.value as JavaMap;
    expect(m.get("x-tribridge")).toBe("hello");
    expect(m.get("_peer.group")).toBe("");
    expect(r.attachments.dubbo).toBeDefined();
    const g = await client.invoke({
      service: { ...ECHO, group: "g1" },
      method: "echoAttachments",
      parameterTypes: [],
      args: [],
    });
    expect((g.value as JavaMap).get("_peer.group")).toBe("g1");
  });

  it("generic invocation ($invoke)", async () => {
    expect((await client.$invoke(ECHO, "echoString", ["java.lang.String"], ["gen"])).value).toBe("gen");
    const r = await client.$invoke(ECHO, "echoUsers", ["java.util.List"], [[{ class: USER, id: 5, name: "g" }]]);
    const items = r.value instanceof JavaList ? r.value.items : (r.value as unknown[]);
    expect((items[0] as JavaMap).get("name")).toBe("g");
  });

  it("a timeout rejects with DEADLINE_EXCEEDED and the connection stays usable", async () => {
    const e = (await inv("sleep", ["int"], [3000], { timeoutMs: 300 }).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe("DEADLINE_EXCEEDED");
    expect((await inv("echoString", ["java.lang.String"], ["still"])).value).toBe("still");
  });

  it("heartbeats keep an idle connection (shortened: 200 ms interval, 2 s idle)", async () => {
    expect((await inv("echoString", ["java.lang.String"], ["connect"])).value).toBe("connect"); // runs alone too (-t)
    const before = proxy.frames.filter((f) => f.hex.startsWith("dabb22")).length;
    await new Promise((r) => setTimeout(r, 2000));
    const replies = proxy.frames.filter((f) => f.hex.startsWith("dabb22")).length - before;
    expect(replies).toBeGreaterThan(0);
    expect((await inv("echoString", ["java.lang.String"], ["awake"])).value).toBe("awake");
  });
});

describe("Java consumer → our DubboServer", () => {
  it("passes the Java consumer's smoke scenario over dubbo://", async () => {
    const server = new DubboServer({ idleTimeoutMs: 60_000 });
    server.addService(ECHO, echoServiceMethods(""));
    server.addService({ ...ECHO, group: "g1" }, echoServiceMethods("g1"));
    const { port } = await server.listen();
    const proxy = await recordingProxy(port);
    try {
      const jar = requireBuilt(resolve(repoRoot, "interop/java/dubbo-peer/target/dubbo-peer.jar"), "dubbo-peer jar");
      const run = await runToCompletion(
        "java",
        ["-jar", jar, "consumer", "--dubbo-url", `dubbo://127.0.0.1:${proxy.port}`, "smoke"],
        { cwd: repoRoot, timeoutMs: 100_000 },
      );
      const done = /^DONE ok=(\d+) fail=(\d+)$/m.exec(run.stdout);
      expect(done, run.describe()).not.toBeNull();
      expect(Number(done?.[2]), run.stdout).toBe(0);
      expect(Number(done?.[1])).toBeGreaterThan(15);
      golden.push({ writer: "java-consumer", frames: proxy.frames.filter((f) => f.direction === "to-provider") });
    } finally {
      await proxy.close();
      await server.close({ graceMs: 500 });
    }
  });
});

describe("Java consumer idle with heartbeat=500 → our DubboServer", () => {
  it("answers Java's heartbeats over an idle period, so neither side drops the connection", async () => {
    // The server closes a connection that sent nothing for 1.5 s; Java's client closes and
    // reconnects one that read nothing for 3 heartbeats (1.5 s). Surviving 4 s of idleness
    // on one connection takes heartbeats from Java and our answers to them.
    const server = new DubboServer({ idleTimeoutMs: 1500 });
    server.addService(ECHO, echoServiceMethods(""));
    const { port } = await server.listen();
    const proxy = await recordingProxy(port);
    try {
      const jar = requireBuilt(resolve(repoRoot, "interop/java/dubbo-peer/target/dubbo-peer.jar"), "dubbo-peer jar");
      const args = ["--dubbo-url", `dubbo://127.0.0.1:${proxy.port}`, "--seconds", "4", "--heartbeat-ms", "500"];
      const run = await runToCompletion("java", ["-jar", jar, "consumer", ...args, "idle"], {
        cwd: repoRoot,
        timeoutMs: 100_000,
      });
      const done = /^DONE ok=(\d+) fail=(\d+)$/m.exec(run.stdout);
      expect(done, run.describe()).not.toBeNull();
      expect(Number(done?.[2]), run.stdout).toBe(0);
      expect(Number(done?.[1])).toBe(3);
      // Flag byte: request 0x80 | two-way 0x40 | event 0x20 | serialization; answers: event | serialization.
      const flag = (f: RecordedFrame) => Number.parseInt(f.hex.slice(4, 6), 16);
      const pings = proxy.frames.filter((f) => f.direction === "to-provider" && (flag(f) & 0xe0) === 0xe0);
      const pongs = proxy.frames.filter((f) => f.direction === "to-consumer" && (flag(f) & 0xe0) === 0x20);
      expect(pings.length, run.stdout).toBeGreaterThanOrEqual(3);
      expect(pongs.map((f) => f.hex.slice(8, 24))).toEqual(pings.map((f) => f.hex.slice(8, 24)));
      expect(pongs.every((f) => f.hex.slice(6, 8) === "14")).toBe(true); // status OK
      expect(proxy.connections).toBe(1);
    } finally {
      await proxy.close();
      await server.close({ graceMs: 500 });
    }
  });
});

afterAll(() => {
  if (process.env.UPDATE_DUBBO_FIXTURES !== "1") return;
  const out = golden.flatMap((g) => g.frames.map((f) => ({ writer: g.writer, hex: f.hex })));
  writeFileSync(resolve(repoRoot, "fixtures/dubbo/java-frames.json"), `${JSON.stringify(out, null, 1)}\n`);
});
