import { createConnection } from "node:net";
import { decodeFrame, decodeSofaResponse, encodeFrame, FrameSplitter, heartbeatRequest, STATUS } from "@tribridge/bolt";
import { JavaObject } from "@tribridge/hessian2";
import { BoltClient, RemoteError, type RpcError } from "@tribridge/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOFA_ECHO, startBoltServer } from "./bolt-helpers.js";
import { ourResources } from "./helpers.js";

const T = ["java.lang.String"];

describe("BoltClient ↔ BoltServer", () => {
  let port: number;
  let close: () => Promise<void>;
  const clients: BoltClient[] = [];
  const client = (o: Partial<ConstructorParameters<typeof BoltClient>[0]> = {}) => {
    const c = new BoltClient({ port, heartbeatMs: 0, ...o });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const s = await startBoltServer();
    port = s.port;
    close = () => s.server.close({ graceMs: 100 });
  });
  afterAll(async () => {
    for (const c of clients) await c.close({ graceMs: 10 });
    await close();
  });

  it.each([
    ["hessian3", 1, false],
    ["hessian2", 1, false],
    ["hessian3", 2, false],
    ["hessian2", 2, true],
  ] as const)("calls in %s over Bolt v%i (crc %s), answered in kind", async (dialect, protocol, crc) => {
    const c = client({ dialect, protocol, crc });
    expect(await c.call(SOFA_ECHO, "echoString", T, ["héllo 😀"])).toBe("héllo 😀");
    expect(await c.call(SOFA_ECHO, "echoString", [...T, ...T], ["a", "b"])).toBe("a|b");
    const big = 2n ** 62n + 7n;
    expect(
      (await c.invoke({ service: SOFA_ECHO, method: "echoLong", parameterTypes: ["long"], args: [big] })).value,
    ).toBe(big);
    expect(await c.call(SOFA_ECHO, "echoInts", ["int[]"], [[1, -2, 3]])).toEqual([1, -2, 3]);
    expect(await c.call({ ...SOFA_ECHO, group: "g1" }, "echoString", T, ["x"])).toBe("g1:x");
  });

  it("a thrown exception arrives as RemoteError with its Java class and fields", async () => {
    const e = (await client()
      .call(SOFA_ECHO, "fail", T, ["boom"])
      .catch((x) => x)) as RemoteError;
    expect(e).toBeInstanceOf(RemoteError);
    expect([e.javaClass, e.remoteMessage, e.fields.code]).toEqual(["com.example.sofa.BizException", "boom", 4001]);
    expect(e.exception).toBeInstanceOf(JavaObject);
  });

  it("unknown service or method: SofaRpcException from the isError envelope", async () => {
    const c = client();
    const e1 = (await c.call({ interface: "no.Such" }, "x", [], []).catch((x) => x)) as RemoteError;
    expect(e1.javaClass).toBe("com.alipay.sofa.rpc.core.exception.SofaRpcException");
    expect(e1.remoteMessage).toMatch(/no\.Such:1\.0/);
    const e2 = (await c.call(SOFA_ECHO, "nope", ["int"], [1]).catch((x) => x)) as RemoteError;
    expect(e2.remoteMessage).toMatch(/nope\(int\)/);
  });

  it("request props travel to the handler, response props come back", async () => {
    const r = await client().invoke({
      service: SOFA_ECHO,
      method: "echoAttachments",
      parameterTypes: [],
      args: [],
      attachments: { k: "v", rpc_req_baggage: { x: "y" } },
    });
    expect(JSON.parse(String(r.value))).toEqual({ k: "v", rpc_req_baggage: { x: "y" } });
    expect(r.attachments.seen).toBe("v");
  });

  it("deadlines travel in Bolt's timeout field and abort the handler", async () => {
    const c = client({ timeoutMs: 100 });
    const e = (await c.call(SOFA_ECHO, "sleep", ["int"], [3000]).catch((x) => x)) as RpcError;
    expect(e.code).toBe("DEADLINE_EXCEEDED");
    expect(await c.call(SOFA_ECHO, "echoString", T, ["after"])).toBe("after");
  });

  it("one-way calls resolve once written; 64 concurrent calls multiplex on one socket", async () => {
    const c = client();
    expect(
      (await c.invoke({ service: SOFA_ECHO, method: "echoString", parameterTypes: T, args: ["1w"], oneWay: true }))
        .value,
    ).toBe(null);
    const all = await Promise.all(Array.from({ length: 64 }, (_, i) => c.call(SOFA_ECHO, "echoString", T, [`m${i}`])));
    expect(all).toEqual(Array.from({ length: 64 }, (_, i) => `m${i}`));
  });

  it("answers heartbeats in the protocol they came in; bad content gets SERVER_DESERIAL_EXCEPTION", async () => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    const splitter = new FrameSplitter();
    const frames: ReturnType<typeof decodeFrame>[] = [];
    socket.on("data", (c) => {
      for (const f of splitter.push(c)) frames.push(decodeFrame(Uint8Array.from(f.bytes)));
    });
    await new Promise((r) => socket.once("connect", r));
    socket.write(encodeFrame(heartbeatRequest(9, { protocol: 2, protocolVersion: 2, switches: 1 })));
    socket.write(
      encodeFrame({
        type: 1,
        cmdCode: 1,
        requestId: 10,
        codec: 1,
        timeout: 1000,
        className: "com.alipay.sofa.rpc.core.request.SofaRequest",
        header: new Uint8Array(0),
        content: Uint8Array.of(0x91),
      }),
    );
    for (let i = 0; i < 100 && frames.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();
    expect(frames.map((f) => [f.requestId, f.protocol, f.cmdCode, f.status])).toEqual([
      [9, 2, 0, 0],
      [10, 1, 2, STATUS.SERVER_DESERIAL_EXCEPTION],
    ]);
    expect(frames[0]?.head.crc).toBe(true);
    expect(() => decodeSofaResponse(frames[1]?.content ?? new Uint8Array(0))).toThrow(); // an RpcServerException, not a SofaResponse
  });

  it("closes cleanly: no socket or timer left", async () => {
    const before = ourResources().length;
    const { server, port: p } = await startBoltServer();
    const c = new BoltClient({ port: p, heartbeatMs: 50 });
    expect(await c.call(SOFA_ECHO, "echoString", T, ["z"])).toBe("z");
    await c.close();
    await server.close({ graceMs: 10 });
    await new Promise((r) => setTimeout(r, 20));
    expect(ourResources().length).toBeLessThanOrEqual(before);
  });
});
