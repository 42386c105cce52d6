/**
 * JSON → Java-typed Hessian → Apache Dubbo 3.3 Java provider (interop/java/dubbo-peer) →
 * Hessian → JSON, for every Java type the echo service has, with exact values. What goes
 * out is built only by @tribridge/transcode's jsonToJavaArgs from JSON and declared types;
 * what comes back is printed by javaToJson with the precision-safe defaults.
 */
import { decode, encode } from "@tribridge/hessian2";
import { DubboClient } from "@tribridge/rpc";
import { httpErrorFrom, javaToJson, jsonToJavaArgs, stringifyJson } from "@tribridge/transcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { javaDubboProvider, type Peer } from "./harness/index.js";

import { CASES, classes, ECHO, P } from "./transcode-dubbo-cases.js";

/** JSON text with object keys sorted (Java writes a POJO's fields in its own order). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

/** Elements of a JSON array as a set: sorted by their canonical text. */
const asSet = (v: unknown): unknown => (Array.isArray(v) ? v.map(canonical).sort() : v);

describe("JSON → Hessian → Dubbo Java provider → JSON", () => {
  let provider: Peer;
  let client: DubboClient;

  beforeAll(async () => {
    provider = await javaDubboProvider();
    client = new DubboClient({ port: provider.ports.dubbo as number, timeoutMs: 10_000, heartbeatMs: 1000 });
  });
  afterAll(async () => {
    await client?.close();
    await provider?.stop();
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const { args, parameterTypes } = jsonToJavaArgs(c.args, c.types, { classes });
      const r = await client.invoke({ service: ECHO, method: c.method, parameterTypes, args });
      const json = javaToJson(r.value as never);
      const expected = c.expected ?? (c.args as unknown[])[0];
      const same = c.unordered === true ? asSet : (x: unknown) => x;
      expect(same(json)).toEqual(same(expected));
      // The JSON text is exact too (no double in between for longs or decimals).
      expect(same(JSON.parse(stringifyJson(json)))).toEqual(same(expected));
      // And the same value re-encoded locally reads back the same (model-level round trip).
      expect(javaToJson(decode(encode(r.value)))).toEqual(json);
      // An echo alone cannot see a mapping that is wrong the same way both ways; Java's own text can.
      for (const [method, text] of [
        ["describe", c.java],
        ["describeDeep", c.javaDeep],
      ] as const) {
        if (text === undefined) continue;
        const d = await client.invoke({
          service: ECHO,
          method,
          parameterTypes: ["java.lang.Object"],
          args,
        });
        expect(d.value).toBe(text);
      }
    });
  }

  it("float, char, byte and short as the Java method sees them (the wire has no type for them)", async () => {
    const { args, parameterTypes } = jsonToJavaArgs([21.32, "x", -128, "32767"], ["float", "char", "byte", "short"]);
    const r = await client.invoke({
      service: ECHO,
      method: "describePrimitives",
      parameterTypes,
      args,
    });
    expect(r.value).toBe("float 21.32 0x41aa8f5c|char 120|byte -128|short 32767");
  });

  it("a zone region Java does not know arrives as null: hessian-lite's readResolve swallows the error", async () => {
    // Offsets, dates and periods are checked before sending for this reason; region ids need Java's tzdb.
    const { args, parameterTypes } = jsonToJavaArgs(["Mars/Olympus_Mons"], ["java.time.ZoneId"]);
    const r = await client.invoke({ service: ECHO, method: "echoZoneId", parameterTypes, args });
    expect(r.value).toBeNull();
    const d = await client.invoke({ service: ECHO, method: "describe", parameterTypes: ["java.lang.Object"], args });
    expect(d.value).toBe("null");
  });

  it("a business exception becomes an HTTP error with the Java class, not a 200", async () => {
    const { args, parameterTypes } = jsonToJavaArgs(["boom"], ["String"]);
    const err = await client.invoke({ service: ECHO, method: "fail", parameterTypes, args }).catch((e: unknown) => e);
    const http = httpErrorFrom(err, "dubbo");
    expect(http.status).toBe(500);
    expect(http.body.message).toBe("boom");
    expect(http.body.details).toEqual([
      expect.objectContaining({
        reason: `${P}.BizException`,
        domain: "dubbo",
        metadata: expect.objectContaining({ code: "4001" }),
      }),
    ]);
  });

  it("an unknown method becomes 501 UNIMPLEMENTED", async () => {
    const err = await client
      .invoke({ service: ECHO, method: "noSuchMethod", parameterTypes: [], args: [] })
      .catch((e: unknown) => e);
    const http = httpErrorFrom(err, "dubbo");
    expect([http.status, http.code]).toEqual([501, 12]);
    expect(http.body.message).toContain('Not found method "noSuchMethod"');
  });
});
