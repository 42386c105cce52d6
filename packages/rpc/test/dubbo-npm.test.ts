/**
 * A real npm Dubbo client — dubbo2.js 2.3.9, direct connection, its own hessian.js
 * encoder and decoder — calling our DubboServer over loopback.
 */
import type { JavaList, JavaObject } from "@tribridge/hessian2";
import { type DubboServer, RemoteError } from "@tribridge/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Dubbo2Client, dubbo2Client, js2java as java } from "./dubbo2js.js";
import { ECHO, startServer } from "./helpers.js";

const USER = "com.example.interop.User";
const user = (id: number | string, name: string) =>
  java.combine(USER, { id: java.long(id), name: java.String(name), tags: java.List([java.String("a")]) });

const methods = {
  echoString: (s: string) => [java.String(s)],
  echoString2: (a: string, b: string) => [java.String(a), java.String(b)],
  echoInt: (n: number) => [java.int(n)],
  echoLong: (n: number | string) => [java.long(n)],
  echoUser: (u: unknown) => [u],
  echoUsers: (us: unknown[]) => [java.List(us)],
  countUsers: (us: unknown[]) => [java.List(us)],
  nothing: () => [],
  fail: (s: string) => [java.String(s)],
  missing: (s: string) => [java.String(s)],
};

describe("dubbo2.js (npm) → our DubboServer", () => {
  let server: DubboServer;
  let npm: Dubbo2Client<typeof methods>;
  let port: number;
  const seen: unknown[] = [];

  beforeAll(async () => {
    const started = await startServer();
    server = started.server;
    port = started.port;
    server.addService({ interface: "com.example.interop.NpmService", version: "1.0.0" }, [
      { name: "echoString", parameterTypes: ["java.lang.String"], handler: (c) => c.args[0] },
      {
        name: "echoString2",
        parameterTypes: ["java.lang.String", "java.lang.String"],
        handler: (c) => `${c.args[0]}|${c.args[1]}`,
      },
      { name: "echoInt", parameterTypes: ["int"], handler: (c) => c.args[0] },
      { name: "echoLong", parameterTypes: ["long"], returnType: "long", handler: (c) => c.args[0] },
      {
        name: "echoUser",
        parameterTypes: [USER],
        handler: (c) => {
          seen.push(c.args[0]);
          return c.args[0];
        },
      },
      { name: "echoUsers", parameterTypes: ["java.util.List"], handler: (c) => c.args[0] },
      {
        name: "countUsers",
        parameterTypes: ["java.util.List"],
        returnType: "int",
        handler: (c) => (c.args[0] as JavaList).items.length,
      },
      { name: "nothing", parameterTypes: [], handler: () => undefined },
      {
        name: "fail",
        parameterTypes: ["java.lang.String"],
        handler: (c) => {
          throw new RemoteError("com.example.interop.BizException", String(c.args[0]), { code: 4001 });
        },
      },
    ]);
    npm = dubbo2Client({
      port,
      interface: "com.example.interop.NpmService",
      version: "1.0.0",
      methods,
    });
    await npm.ready();
  });
  afterAll(async () => {
    await npm?.close();
    await server?.close({ graceMs: 100 });
  });

  it("strings (BMP, astral, empty, long) and overloaded arity", async () => {
    for (const s of ["hello", "héllo 😀", "", "x".repeat(70_000)]) {
      expect(await npm.service.echoString(s)).toEqual({ res: s, err: null });
    }
    expect((await npm.service.echoString2("a", "b")).res).toBe("a|b");
  });

  it("ints and longs, including longs beyond 2^53", async () => {
    for (const n of [0, -1, 47, -123456, 2 ** 31 - 1, -(2 ** 31)]) {
      expect((await npm.service.echoInt(n)).res).toBe(n);
    }
    for (const n of [0, 7, -(2 ** 40), 2 ** 53 - 1]) expect((await npm.service.echoLong(n)).res).toBe(n);
    // hessian.js hands back longs past 2^53 as decimal strings; the value must survive.
    expect((await npm.service.echoLong("1152921504606846977")).res).toBe("1152921504606846977");
    expect((await npm.service.echoLong("-9223372036854775808")).res).toBe("-9223372036854775808");
  });

  it("a POJO arrives as a JavaObject of its class and comes back as an object", async () => {
    const r = await npm.service.echoUser(user(7, "ann"));
    expect(r.err).toBeNull();
    expect(r.res).toEqual({ id: 7, name: "ann", tags: ["a"] });
    const got = seen.at(-1) as JavaObject;
    expect(got.className).toBe(USER);
    expect(got.get("id")).toBe(7n);
    expect(got.get("name")).toBe("ann");
  });

  it("a list of POJOs, both ways", async () => {
    const users = [user(1, "ann"), user("1152921504606846976", "bob")];
    const r = await npm.service.echoUsers(users);
    expect(r.err).toBeNull();
    expect(r.res).toEqual([
      { id: 1, name: "ann", tags: ["a"] },
      { id: "1152921504606846976", name: "bob", tags: ["a"] },
    ]);
    expect((await npm.service.countUsers(users)).res).toBe(2);
    expect((await npm.service.echoUsers([])).res).toEqual([]);
  });

  it("void result and no arguments", async () => {
    expect(await npm.service.nothing()).toEqual({ res: null, err: null });
  });

  it("a thrown RemoteError reaches dubbo2.js as an Error of the Java class", async () => {
    const { res, err } = await npm.service.fail("boom");
    expect(res).toBeNull();
    expect(err).toBeInstanceOf(Error);
    expect(err?.name).toBe("com.example.interop.BizException");
    expect(err?.message).toBe("boom");
  });

  it("an unknown method is a BAD_REQUEST status dubbo2.js surfaces as an error", async () => {
    const { res, err } = await npm.service.missing("x");
    expect(res).toBeNull();
    expect(String(err?.message)).toContain("has no method missing(java.lang.String)");
  });

  it("200 concurrent calls on its one socket all match their responses", async () => {
    const rs = await Promise.all(Array.from({ length: 200 }, (_, i) => npm.service.echoInt(i)));
    expect(rs.map((r) => r.res)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("the echo service of the other tests answers it too (default interface)", async () => {
    const other = dubbo2Client({
      port,
      interface: ECHO.interface,
      version: ECHO.version,
      methods: { echoString: (s: string) => [java.String(s)] },
    });
    try {
      expect((await other.service.echoString("via dubbo2.js")).res).toBe("via dubbo2.js");
    } finally {
      await other.close();
    }
  });
});
