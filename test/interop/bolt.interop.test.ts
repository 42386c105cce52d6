/**
 * SOFARPC over Bolt against SOFARPC Java 5.13 (interop/java/sofa-peer), with its default
 * sofa-hessian 3.5.5 (`sofa-peer.jar`, Hessian 3.1 draft) and with sofa-hessian 4.0.4
 * (`sofa-peer-h4.jar`, final Hessian 2.0): our BoltClient calls the Java provider, the Java
 * consumer calls our BoltServer, and Java calls Java through a recorder whose frames must
 * re-encode byte for byte (UPDATE_BOLT_FIXTURES=1 writes them to fixtures/bolt/).
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  decodeFrame,
  decodeHeaderMap,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeFrame,
  encodeHeaderMap,
  encodeSofaRequest,
  encodeSofaResponse,
  SOFA_REQUEST_CLASS,
  SOFA_RESPONSE_CLASS,
} from "@tribridge/bolt";
import { type Dialect, JavaList, type JavaMap, type JavaObject, java } from "@tribridge/hessian2";
import { BoltClient, BoltServer, RemoteError, type RpcError } from "@tribridge/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOFA_ECHO, SOFA_PKG, sofaEchoMethods } from "./bolt-echo-service.js";
import { boltRecordingProxy } from "./bolt-recorder.js";
import { javaDir, type Peer, repoRoot, requireBuilt, runToCompletion, startPeer } from "./harness/index.js";

const VARIANTS = [
  { jar: "sofa-peer.jar", hessian: "3", dialect: "hessian3" as Dialect, fixture: "java-smoke-h3.json" },
  { jar: "sofa-peer-h4.jar", hessian: "4", dialect: "hessian2" as Dialect, fixture: "java-smoke-h4.json" },
];

const jarPath = (jar: string) => requireBuilt(resolve(javaDir, "sofa-peer", "target", jar), `sofa-peer ${jar}`);

function provider(jar: string, hessian: string): Promise<Peer> {
  return startPeer({
    name: `java-sofa-provider-h${hessian}`,
    command: "java",
    args: ["-jar", jarPath(jar), "provider", "--port", "0", "--hessian", hessian, "--max-seconds", "600"],
    cwd: repoRoot,
    ready: /^READY bolt=\d+/,
    timeoutMs: 90_000,
  });
}

async function smoke(jar: string, hessian: string, port: number) {
  const run = await runToCompletion(
    "java",
    ["-jar", jarPath(jar), "consumer", "--url", `bolt://127.0.0.1:${port}`, "--hessian", hessian, "smoke"],
    { cwd: repoRoot, timeoutMs: 110_000 },
  );
  const done = /^DONE ok=(\d+) fail=(\d+)$/m.exec(run.stdout);
  const failed = run.stdout.split("\n").filter((l) => l.includes('"ok":false'));
  return { run, ok: done ? Number(done[1]) : -1, fail: done ? Number(done[2]) : -1, failed };
}

const user = (id: bigint, name: string) =>
  java.object(`${SOFA_PKG}.User`, {
    id,
    name,
    email: `${name}@example.com`,
    tags: ["a", "b"],
    createdAt: new Date(1_700_000_000_123),
    score: java.double(1.5),
  });

/** Decodes a frame to SOFA values and encodes it back from them alone. */
function reencode(hex: string): string {
  const f = decodeFrame(Buffer.from(hex, "hex"));
  let content: Uint8Array = f.content;
  if (f.className === SOFA_REQUEST_CLASS) {
    const d = decodeSofaRequest(f.content);
    content = encodeSofaRequest(d.request, { dialect: d.dialect });
  } else if (f.className === SOFA_RESPONSE_CLASS) {
    const d = decodeSofaResponse(f.content);
    content = encodeSofaResponse(d.response, { dialect: d.dialect });
  }
  const { head: _h, ...fields } = f;
  return Buffer.from(encodeFrame({ ...fields, header: encodeHeaderMap(decodeHeaderMap(f.header)), content })).toString(
    "hex",
  );
}

describe.each(VARIANTS)("SOFARPC Java, sofa-hessian $hessian", ({ jar, hessian, dialect, fixture }) => {
  let peer: Peer;
  let proxy: Awaited<ReturnType<typeof boltRecordingProxy>>;
  let client: BoltClient;

  beforeAll(async () => {
    peer = await provider(jar, hessian);
    proxy = await boltRecordingProxy(peer.ports.bolt as number);
    client = new BoltClient({ port: proxy.port, dialect, timeoutMs: 10_000, heartbeatMs: 200, idleTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await client?.close();
    await proxy?.close();
    await peer?.stop();
  });

  const inv = (method: string, types: string[], args: unknown[], extra = {}) =>
    client.invoke({ service: SOFA_ECHO, method, parameterTypes: types, args, ...extra });

  it("our client → Java provider: strings, overloads, ints, long beyond 2^53, booleans, doubles", async () => {
    expect((await inv("echoString", ["java.lang.String"], ["héllo 😀"])).value).toBe("héllo 😀");
    expect((await inv("echoString", ["java.lang.String"], [null])).value).toBe(null);
    expect((await inv("echoString", ["java.lang.String", "java.lang.String"], ["a", "b"])).value).toBe("a|b");
    expect((await inv("echoInt", ["int"], [-123456])).value).toBe(-123456);
    const big = 2n ** 62n + 12345n;
    expect((await inv("echoLong", ["long"], [big])).value).toBe(big);
    expect((await inv("echoBoxedLong", ["java.lang.Long"], [null])).value).toBe(null);
    expect((await inv("echoBool", ["boolean"], [true])).value).toBe(true);
    expect(Number((await inv("echoDouble", ["double"], [2])).value)).toBe(2);
    expect(Number((await inv("echoDouble", ["double"], [0.1])).value)).toBe(0.1);
  });

  it("our client → Java provider: BigDecimal, Date, enum, byte[]", async () => {
    const bd = (await inv("echoBigDecimal", ["java.math.BigDecimal"], ["12345678901234567890.000123"])).value;
    expect((bd as JavaObject).get("value")).toBe("12345678901234567890.000123");
    const d = (await inv("echoDate", ["java.util.Date"], [new Date(1_700_000_000_123)])).value as Date;
    expect(d.getTime()).toBe(1_700_000_000_123);
    const e = (await inv("echoEnum", [`${SOFA_PKG}.Color`], [java.enum(`${SOFA_PKG}.Color`, "GREEN")]))
      .value as JavaObject;
    expect([e.className, e.get("name")]).toEqual([`${SOFA_PKG}.Color`, "GREEN"]);
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    expect(Array.from((await inv("echoBytes", ["byte[]"], [bytes])).value as Uint8Array)).toEqual(Array.from(bytes));
  });

  it("our client → Java provider: POJOs, List<DTO>, Map<Integer, DTO>", async () => {
    const users = [user(1n, "ann"), user(2n ** 60n, "bob")];
    const list = (await inv("echoUsers", ["java.util.List"], [users])).value;
    const items = list instanceof JavaList ? list.items : (list as unknown[]);
    expect((items[1] as JavaObject).get("id")).toBe(2n ** 60n);
    expect((items[0] as JavaObject).get("name")).toBe("ann");
    const map = (
      await inv(
        "echoUserMap",
        ["java.util.Map"],
        [
          java.map(null, [
            [7, users[0] as JavaObject],
            [-1, users[1] as JavaObject],
          ]),
        ],
      )
    ).value as JavaMap;
    expect((map.get(7) as JavaObject).get("name")).toBe("ann");
    expect((map.get(-1) as JavaObject).get("name")).toBe("bob");
    const order = java.object(`${SOFA_PKG}.Order`, {
      orderId: 99n,
      buyer: users[0] as JavaObject,
      items: [java.object(`${SOFA_PKG}.Item`, { sku: "s1", quantity: 2, price: java.BigDecimal("9.99") })],
      color: java.enum(`${SOFA_PKG}.Color`, "RED"),
      placedAt: new Date(1_700_000_000_000),
      note: "gift",
    });
    const back = (await inv("echoOrder", [`${SOFA_PKG}.Order`], [order])).value as JavaObject;
    expect(back.get("orderId")).toBe(99n);
    expect((back.get("buyer") as JavaObject).get("name")).toBe("ann");
  });

  it("our client → Java provider: BizException as RemoteError with class and code", async () => {
    const e = (await inv("fail", ["java.lang.String"], ["boom"]).catch((x: unknown) => x)) as RemoteError;
    expect(e).toBeInstanceOf(RemoteError);
    expect([e.javaClass, e.remoteMessage, e.fields.code]).toEqual([`${SOFA_PKG}.BizException`, "boom", 4001]);
  });

  it("our client → Java provider: request baggage and unique id", async () => {
    const r = await inv("echoAttachments", [], [], { attachments: { rpc_req_baggage: { "x-tribridge": "hello" } } });
    expect((r.value as JavaMap).get("x-tribridge")).toBe("hello");
    expect((r.value as JavaMap).get("_peer.uniqueId")).toBe("");
    const g = await client.invoke({
      service: { ...SOFA_ECHO, group: "g1" },
      method: "echoAttachments",
      parameterTypes: [],
      args: [],
    });
    expect((g.value as JavaMap).get("_peer.uniqueId")).toBe("g1");
  });

  it("our client → Java provider: a timeout rejects with DEADLINE_EXCEEDED, the connection stays usable", async () => {
    const e = (await inv("sleep", ["int"], [2000], { timeoutMs: 500 }).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe("DEADLINE_EXCEEDED");
    expect((await inv("echoString", ["java.lang.String"], ["still"])).value).toBe("still");
  });

  it("our client → Java provider: heartbeats are answered (200 ms interval, 1.5 s idle limit)", async () => {
    const acks = () => proxy.frames.filter((f) => f.direction === "to-consumer" && f.hex.startsWith("01000000")).length;
    const before = acks();
    await new Promise((r) => setTimeout(r, 1000));
    expect(acks() - before).toBeGreaterThan(0);
    expect((await inv("echoString", ["java.lang.String"], ["awake"])).value).toBe("awake");
  });

  it("Java consumer → our BoltServer: the smoke scenario passes", async () => {
    const server = new BoltServer({ idleTimeoutMs: 60_000 });
    server.addService(SOFA_ECHO, sofaEchoMethods(""));
    server.addService({ ...SOFA_ECHO, group: "g1" }, sofaEchoMethods("g1"));
    const { port } = await server.listen();
    try {
      const r = await smoke(jar, hessian, port);
      expect(r.fail, `${r.failed.join("\n")}\n${r.run.describe()}`).toBe(0);
      expect(r.ok).toBe(22);
    } finally {
      await server.close({ graceMs: 500 });
    }
  });

  it("Java consumer → Java provider through the recorder: every frame re-encodes byte for byte", async () => {
    const recorder = await boltRecordingProxy(peer.ports.bolt as number);
    try {
      const r = await smoke(jar, hessian, recorder.port);
      // The first call may time out while the provider's JVM warms up; the frames are what matter here.
      expect(r.ok).toBeGreaterThan(18);
      expect(recorder.frames.length).toBeGreaterThan(40);
      for (const f of recorder.frames) expect(reencode(f.hex)).toBe(f.hex);
      if (process.env.UPDATE_BOLT_FIXTURES === "1") {
        const source = `sofa-peer (SOFARPC 5.13.2, bolt 1.6.10, sofa-hessian ${hessian === "3" ? "3.5.5" : "4.0.4"}) consumer smoke -> provider, via a recording proxy`;
        writeFileSync(
          resolve(repoRoot, "fixtures/bolt", fixture),
          `${JSON.stringify({ source, frames: recorder.frames }, null, 1)}\n`,
        );
      }
    } finally {
      await recorder.close();
    }
  });
});
