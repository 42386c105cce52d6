/**
 * SOFARPC over Bolt against sofa-rpc-node (Ant's Node implementation, npm): its RpcClient
 * calls our BoltServer and our BoltClient calls its RpcServer, in sofa-bolt-node's default
 * Hessian "3.0" mode (the 3.1 draft) and again in its "4.0" mode (final Hessian 2.0).
 * sofa-bolt-node keeps the Hessian version in a process-wide setting; each block sets it.
 */
import { createRequire } from "node:module";
import { type JavaMap, JavaObject } from "@tribridge/hessian2";
import { BoltClient, BoltServer, RemoteError, type RpcError } from "@tribridge/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOFA_ECHO, SOFA_PKG, sofaEchoMethods } from "./bolt-echo-service.js";
import { boltRecordingProxy } from "./bolt-recorder.js";
import { freePort } from "./harness/index.js";

// biome-ignore lint/suspicious/noExplicitAny: sofa-rpc-node ships no types
type Any = any;
const require = createRequire(import.meta.url);
const sofaRpc = require("sofa-rpc-node") as Any;
const sofaBolt = require("sofa-bolt-node") as Any;
const logger = { info() {}, warn() {}, error() {}, debug() {} };
const IFACE = SOFA_ECHO.interface;

const MODES = [
  { version: "3.0", dialect: "hessian3" as const },
  { version: "4.0", dialect: "hessian2" as const },
];

describe.each(MODES)("sofa-rpc-node, Hessian $version", ({ version, dialect }) => {
  beforeAll(() => sofaBolt.setOptions({ hessianVersion: version }));
  afterAll(() => sofaBolt.setOptions({ hessianVersion: "3.0" }));

  describe("sofa-rpc-node RpcClient → our BoltServer", () => {
    let server: BoltServer;
    let rpcClient: Any;
    let consumer: Any;
    let serverHost: string;

    beforeAll(async () => {
      server = new BoltServer();
      server.addService(SOFA_ECHO, sofaEchoMethods(""));
      server.addService({ ...SOFA_ECHO, group: "g1" }, sofaEchoMethods("g1"));
      const { port } = await server.listen();
      rpcClient = new sofaRpc.client.RpcClient({ logger });
      serverHost = `127.0.0.1:${port}`;
      consumer = rpcClient.createConsumer({ interfaceName: IFACE, serverHost });
      await consumer.ready();
    });
    afterAll(async () => {
      await rpcClient?.close();
      await server?.close({ graceMs: 100 });
    });

    it("strings, ints, longs beyond 2^53, doubles, booleans", async () => {
      expect(await consumer.invoke("echoString", [{ $class: "java.lang.String", $: "héllo 😀" }])).toBe("héllo 😀");
      expect(
        await consumer.invoke("echoString", [
          { $class: "java.lang.String", $: "a" },
          { $class: "java.lang.String", $: "b" },
        ]),
      ).toBe("a|b");
      expect(await consumer.invoke("echoInt", [{ $class: "int", $: -7 }])).toBe(-7);
      const big = await consumer.invoke("echoLong", [{ $class: "long", $: "9007199254740993" }]);
      expect(String(big)).toBe("9007199254740993");
      expect(await consumer.invoke("echoDouble", [{ $class: "double", $: 1.5 }])).toBe(1.5);
      expect(await consumer.invoke("echoBool", [{ $class: "boolean", $: true }])).toBe(true);
    });

    it("POJOs, List<DTO>, Map with int keys, BigDecimal, Date, enum", async () => {
      const user = {
        $class: `${SOFA_PKG}.User`,
        $: {
          id: { $class: "long", $: 5 },
          name: "ann",
          email: "a@x",
          tags: ["t"],
          createdAt: new Date(1_700_000_000_000),
          score: 2.5,
        },
      };
      const users = await consumer.invoke("echoUsers", [{ $class: "java.util.List", $: [user] }]);
      expect(users[0].name).toBe("ann");
      const map = await consumer.invoke("echoUserMap", [
        { $class: "java.util.Map", $: new Map([[{ $class: "int", $: 7 }, user]]) },
      ]);
      const first = map instanceof Map ? [...map.values()][0] : Object.values(map)[0];
      expect((first as { name: string }).name).toBe("ann");
      const bd = await consumer.invoke("echoBigDecimal", [{ $class: "java.math.BigDecimal", $: { value: "9.99" } }]);
      expect(bd.value ?? bd).toBe("9.99");
      const d = await consumer.invoke("echoDate", [{ $class: "java.util.Date", $: new Date(1_700_000_000_123) }]);
      expect(new Date(d).getTime()).toBe(1_700_000_000_123);
      const e = await consumer.invoke("echoEnum", [{ $class: `${SOFA_PKG}.Color`, $: { name: "GREEN" } }]);
      expect(e.name).toBe("GREEN");
    });

    it("a thrown exception, request props, unique id and a timeout", async () => {
      const err = await consumer.invoke("fail", [{ $class: "java.lang.String", $: "boom" }]).catch((x: Error) => x);
      expect(err).toBeInstanceOf(Error);
      expect(String(err.message)).toContain("boom");
      const att = await consumer.invoke("echoAttachments", [], {
        requestProps: { rpc_req_baggage: { "x-tribridge": "hello" } },
      });
      expect(att["x-tribridge"]).toBe("hello");
      // sofa-rpc-node has no uniqueId option: its service id is `interface:version`, so the
      // unique id rides in the version.
      const g1 = rpcClient.createConsumer({ interfaceName: IFACE, version: "1.0:g1", serverHost });
      await g1.ready();
      expect((await g1.invoke("echoAttachments", []))["_peer.uniqueId"]).toBe("g1");
      const slow = await consumer
        .invoke("sleep", [{ $class: "int", $: 2000 }], { responseTimeout: 300 })
        .catch((x: Error) => x);
      expect(slow).toBeInstanceOf(Error);
      expect(slow.name).toMatch(/Timeout/i);
      expect(await consumer.invoke("echoString", [{ $class: "java.lang.String", $: "after" }])).toBe("after");
    });
  });

  describe("our BoltClient → sofa-rpc-node RpcServer", () => {
    let server: Any;
    let client: BoltClient;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      server = new sofaRpc.server.RpcServer({ logger, port });
      server.addService(
        { interfaceName: IFACE },
        {
          async echoString(s: string) {
            return s;
          },
          async echoLong(v: unknown) {
            return { $class: "long", $: v };
          },
          async echoUsers(users: unknown) {
            return { $class: "java.util.List", $: users };
          },
          async echoAttachments() {
            return { "x-tribridge": "node" };
          },
          async fail(msg: string) {
            throw new Error(msg);
          },
          async sleep(ms: number) {
            await new Promise((r) => setTimeout(r, ms));
            return `slept ${ms}`;
          },
        },
      );
      await server.start();
      client = new BoltClient({ port, dialect, timeoutMs: 5000, heartbeatMs: 0 });
    });
    afterAll(async () => {
      await client?.close();
      await server?.close();
    });

    it("strings, long beyond 2^53, List<DTO>", async () => {
      expect(await client.call(SOFA_ECHO, "echoString", ["java.lang.String"], ["hi 😀"])).toBe("hi 😀");
      const big = 2n ** 60n + 1n;
      const r = await client.invoke({ service: SOFA_ECHO, method: "echoLong", parameterTypes: ["long"], args: [big] });
      expect(String(r.value)).toBe(String(big));
      const u = new JavaObject(`${SOFA_PKG}.User`, ["id", "name"], [1n, "ann"]);
      const list = (
        await client.invoke({
          service: SOFA_ECHO,
          method: "echoUsers",
          parameterTypes: ["java.util.List"],
          args: [[u]],
        })
      ).value;
      const items = Array.isArray(list) ? list : (list as { items: unknown[] }).items;
      expect(((items[0] as JavaObject | JavaMap).get("name") as string) ?? "").toBe("ann");
    });

    it("heartbeats are answered by sofa-rpc-node (100 ms interval, through a recorder)", async () => {
      const proxy = await boltRecordingProxy(port);
      const hb = new BoltClient({ port: proxy.port, dialect, heartbeatMs: 100, idleTimeoutMs: 1000 });
      try {
        expect(await hb.call(SOFA_ECHO, "echoString", ["java.lang.String"], ["hb"])).toBe("hb");
        await new Promise((r) => setTimeout(r, 600));
        const acks = proxy.frames.filter((f) => f.direction === "to-consumer" && f.hex.startsWith("01000000"));
        expect(acks.length).toBeGreaterThan(0);
        expect(await hb.call(SOFA_ECHO, "echoString", ["java.lang.String"], ["still"])).toBe("still");
      } finally {
        await hb.close();
        await proxy.close();
      }
    });

    it("a thrown error is a typed error; a timeout is DEADLINE_EXCEEDED", async () => {
      const e = (await client.call(SOFA_ECHO, "fail", ["java.lang.String"], ["boom"]).catch((x) => x)) as RpcError;
      expect(e instanceof RemoteError || e.code === "REMOTE_STATUS").toBe(true);
      expect(e.message).toContain("boom");
      const t = (await client
        .call(SOFA_ECHO, "sleep", ["int"], [2000], { timeoutMs: 200 })
        .catch((x) => x)) as RpcError;
      expect(t.code).toBe("DEADLINE_EXCEEDED");
      expect(await client.call(SOFA_ECHO, "echoString", ["java.lang.String"], ["after"])).toBe("after");
    });
  });
});
