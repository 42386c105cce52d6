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

const ECHO = { interface: "com.example.interop.EchoService", version: "1.0.0" } as const;
const P = "com.example.interop";
// DTO field types, as a gateway's configuration would give them.
const classes = {
  [`${P}.User`]: {
    id: "long",
    name: "String",
    email: "String",
    tags: "List<String>",
    createdAt: "java.util.Date",
    score: "double",
  },
  [`${P}.Item`]: { sku: "String", quantity: "int", price: "java.math.BigDecimal" },
  [`${P}.Order`]: {
    orderId: "long",
    buyer: `${P}.User`,
    items: `java.util.List<${P}.Item>`,
    color: `${P}.Color`,
    placedAt: "java.util.Date",
    note: "String",
  },
};

const user = (id: string | number, name: string) => ({
  id,
  name,
  email: `${name}@example.com`,
  tags: ["a", "b"],
  createdAt: "2024-02-29T12:34:56.789Z",
  score: 1.5,
});

interface RoundTrip {
  readonly method: string;
  readonly types: readonly string[];
  readonly args: unknown;
  /** JSON expected back; the argument itself when absent. */
  readonly expected?: unknown;
  /** What the Java side made of the argument: `describe(Object)` = class name + "|" + toString(). */
  readonly java?: string;
}

const CASES: Record<string, RoundTrip> = {
  "String, non-BMP": { method: "echoString", types: ["String"], args: ["héllo 😀"] },
  "two Strings (overload)": { method: "echoString", types: ["String", "String"], args: ["a", "b"], expected: "a|b" },
  "int max": { method: "echoInt", types: ["int"], args: [2147483647] },
  "int from a string": { method: "echoInt", types: ["int"], args: ["-42"], expected: -42 },
  "long 2^63-1 from a string": { method: "echoLong", types: ["long"], args: ["9223372036854775807"] },
  "long -2^63": { method: "echoLong", types: ["long"], args: ["-9223372036854775808"] },
  "long 2^53+1": { method: "echoLong", types: ["long"], args: ["9007199254740993"] },
  "long small stays a number": { method: "echoLong", types: ["long"], args: [12345], expected: 12345 },
  "Long null": { method: "echoBoxedLong", types: ["java.lang.Long"], args: [null] },
  boolean: { method: "echoBool", types: ["boolean"], args: [true] },
  "double integral": { method: "echoDouble", types: ["double"], args: [2] },
  "double fraction": { method: "echoDouble", types: ["double"], args: [0.1] },
  "double NaN": { method: "echoDouble", types: ["double"], args: ["NaN"] },
  "BigDecimal with 30+ digits": {
    method: "echoBigDecimal",
    types: ["java.math.BigDecimal"],
    args: ["123456789012345678901234567890.123456789"],
  },
  "BigDecimal negative exponent": { method: "echoBigDecimal", types: ["java.math.BigDecimal"], args: ["-1.50E-30"] },
  "Date ISO-8601": { method: "echoDate", types: ["java.util.Date"], args: ["2024-02-29T12:34:56.789Z"] },
  "Date epoch ms": { method: "echoDate", types: ["java.util.Date"], args: [0], expected: "1970-01-01T00:00:00.000Z" },
  "BigInteger negative, 30 digits": {
    method: "echoBigInteger",
    types: ["java.math.BigInteger"],
    args: ["-123456789012345678901234567890"],
    java: "java.math.BigInteger|-123456789012345678901234567890",
  },
  "BigInteger 2^200": {
    method: "echoBigInteger",
    types: ["java.math.BigInteger"],
    args: [(2n ** 200n).toString()],
    java: `java.math.BigInteger|${2n ** 200n}`,
  },
  "BigInteger zero": { method: "echoBigInteger", types: ["java.math.BigInteger"], args: ["0"] },
  "BigInteger from a safe integer": {
    method: "echoBigInteger",
    types: ["java.math.BigInteger"],
    args: [-42],
    expected: "-42",
  },
  "LocalDate leap day": {
    method: "echoLocalDate",
    types: ["java.time.LocalDate"],
    args: ["2024-02-29"],
    java: "java.time.LocalDate|2024-02-29",
  },
  "LocalTime with nanoseconds": {
    method: "echoLocalTime",
    types: ["java.time.LocalTime"],
    args: ["23:59:59.123456789"],
    java: "java.time.LocalTime|23:59:59.123456789",
  },
  "LocalTime midnight": {
    method: "echoLocalTime",
    types: ["java.time.LocalTime"],
    args: ["00:00"],
    expected: "00:00:00",
  },
  "LocalDateTime with nanoseconds": {
    method: "echoLocalDateTime",
    types: ["java.time.LocalDateTime"],
    args: ["2024-02-29T23:59:59.123456789"],
    java: "java.time.LocalDateTime|2024-02-29T23:59:59.123456789",
  },
  "Instant with nanoseconds": {
    method: "echoInstant",
    types: ["java.time.Instant"],
    args: ["2024-02-29T23:59:59.123456789Z"],
    java: "java.time.Instant|2024-02-29T23:59:59.123456789Z",
  },
  "Instant before the epoch": {
    method: "echoInstant",
    types: ["java.time.Instant"],
    args: ["1969-12-31T23:59:59.5Z"],
    expected: "1969-12-31T23:59:59.500Z",
    java: "java.time.Instant|1969-12-31T23:59:59.500Z",
  },
  "Instant epoch ms": {
    method: "echoInstant",
    types: ["java.time.Instant"],
    args: [1709251199123],
    expected: "2024-02-29T23:59:59.123Z",
  },
  "Duration negative fraction": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["PT-1.5S"],
    java: "java.time.Duration|PT-1.5S",
  },
  "Duration hours, minutes, nanos": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["PT26H3M4.000000001S"],
    java: "java.time.Duration|PT26H3M4.000000001S",
  },
  "Duration with days and signs": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["-P1DT-2H"],
    expected: "PT-22H",
    java: "java.time.Duration|PT-22H",
  },
  "Duration -0.5s": {
    method: "echoDuration",
    types: ["java.time.Duration"],
    args: ["PT-0.5S"],
    java: "java.time.Duration|PT-0.5S",
  },
  "Duration zero": { method: "echoDuration", types: ["java.time.Duration"], args: ["PT0S"] },
  "ZonedDateTime with region": {
    method: "echoZonedDateTime",
    types: ["java.time.ZonedDateTime"],
    args: ["2024-02-29T23:59:59.123456789+01:00[Europe/Paris]"],
    java: "java.time.ZonedDateTime|2024-02-29T23:59:59.123456789+01:00[Europe/Paris]",
  },
  "ZonedDateTime UTC": {
    method: "echoZonedDateTime",
    types: ["java.time.ZonedDateTime"],
    args: ["2024-02-29T23:59:59.001Z"],
    java: "java.time.ZonedDateTime|2024-02-29T23:59:59.001Z",
  },
  "ZonedDateTime fixed offset": {
    method: "echoZonedDateTime",
    types: ["java.time.ZonedDateTime"],
    args: ["2024-02-29T23:59:59-05:30"],
  },
  enum: { method: "echoEnum", types: [`${P}.Color`], args: ["GREEN"] },
  "byte[] base64": { method: "echoBytes", types: ["byte[]"], args: ["AAEC/f7/"] },
  "List<User>": {
    method: "echoUsers",
    types: [`java.util.List<${P}.User>`],
    args: [[user("9223372036854775807", "max"), user(1, "one"), null]],
  },
  "Map<Integer, User>": {
    method: "echoUserMap",
    types: [`java.util.Map<java.lang.Integer, ${P}.User>`],
    args: [{ "1": user(1, "a"), "-2147483648": user("-9007199254740993", "b") }],
  },
  "Order: nested POJO, List<Item> with BigDecimal, enum, Date": {
    method: "echoOrder",
    types: [`${P}.Order`],
    args: [
      {
        orderId: "9007199254740995",
        buyer: user(7, "buyer"),
        items: [
          { sku: "A-1", quantity: 3, price: "19.990000000000000000000000000001" },
          { sku: "B-2", quantity: -1, price: "0" },
        ],
        color: "BLUE",
        placedAt: "1999-12-31T23:59:59.999Z",
        note: null,
      },
    ],
  },
};

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
      expect(json).toEqual(expected);
      // The JSON text is exact too (no double in between for longs or decimals).
      expect(JSON.parse(stringifyJson(json))).toEqual(expected);
      // And the same value re-encoded locally reads back the same (model-level round trip).
      expect(javaToJson(decode(encode(r.value)))).toEqual(expected);
      if (c.java !== undefined) {
        // An echo alone cannot see a mapping that is wrong the same way both ways; Java's own text can.
        const d = await client.invoke({
          service: ECHO,
          method: "describe",
          parameterTypes: ["java.lang.Object"],
          args,
        });
        expect(d.value).toBe(c.java);
      }
    });
  }

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
