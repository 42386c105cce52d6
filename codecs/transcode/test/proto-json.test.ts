import { fromJson, toJson } from "@bufbuild/protobuf";
import { Code } from "@tribridge/triple";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { httpError, httpErrorFrom, loadDescriptorSet, readEnvelope, writeError, writeResult } from "../src/index.js";
import { echoSchema } from "./schema-files.js";

const schema = echoSchema();
const Echo = schema.registry.getMessage("tribridge.transcode.test.Echo");
if (Echo === undefined) throw new Error("Echo not loaded");

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const nested = fc.record(
  {
    note: fc.string(),
    count: int64,
    ids: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 3 }),
    kind: fc.constantFrom("KIND_BOOK", "KIND_MAGAZINE"),
  },
  { requiredKeys: [] },
);
// Canonical proto3 JSON of Echo (what toJson prints): every field optional, defaults left out.
const echoJson = fc
  .record(
    {
      name: fc.string({ minLength: 1 }),
      id: int64,
      page: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      flag: fc.constant(true),
      ratio: fc.double({ noDefaultInfinity: true, noNaN: true }),
      kind: fc.constantFrom("KIND_BOOK", "KIND_MAGAZINE"),
      tags: fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
      nums: fc.array(int64, { minLength: 1, maxLength: 3 }),
      nested,
      blob: fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => btoa(String.fromCharCode(...b))),
      labels: fc.dictionary(fc.string(), fc.string(), { minKeys: 1, maxKeys: 3 }),
      maybe: fc.string(),
      wrapped: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      items: fc.array(nested, { minLength: 1, maxLength: 2 }),
      big: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String),
      label: fc.string({ minLength: 1 }),
      byId: fc.dictionary(fc.integer({ min: -1000, max: 1000 }).map(String), nested, { minKeys: 1, maxKeys: 2 }),
    },
    { requiredKeys: [] },
  )
  .map((o) => {
    const out: Record<string, unknown> = { ...o };
    // Zero values of implicit-presence fields are not printed; drop them from the expectation.
    for (const k of ["id", "page", "ratio"]) if (out[k] === "0" || out[k] === 0) delete out[k];
    if (Object.is(out.ratio, -0)) delete out.ratio;
    const fix = (n: Record<string, unknown>) => {
      if (n.count === "0") delete n.count;
      if (n.note === "") delete n.note;
      if (Array.isArray(n.ids) && n.ids.length === 0) delete n.ids;
      return n;
    };
    if (out.nested) fix(out.nested as Record<string, unknown>);
    if (out.items) out.items = (out.items as Record<string, unknown>[]).map(fix);
    if (out.byId) for (const v of Object.values(out.byId as Record<string, Record<string, unknown>>)) fix(v);
    return out;
  });

describe("proto3 JSON through protobuf-es with a run-time schema", () => {
  it("JSON → message → JSON is stable", () => {
    fc.assert(
      fc.property(echoJson, (json) => {
        const once = toJson(Echo, fromJson(Echo, json as never));
        expect(toJson(Echo, fromJson(Echo, once))).toEqual(once);
        expect(once).toEqual(json);
      }),
      { numRuns: 300 },
    );
  });
  it("a FileDescriptorSet loads the same schema and rules", async () => {
    const { toBinary, create } = await import("@bufbuild/protobuf");
    const { FileDescriptorSetSchema } = await import("@bufbuild/protobuf/wkt");
    const set = create(FileDescriptorSetSchema, { file: [...schema.registry.files].map((f) => f.proto) });
    const again = loadDescriptorSet(toBinary(FileDescriptorSetSchema, set));
    expect(again.registry.getMessage("tribridge.transcode.test.Echo")?.fields.length).toBe(Echo.fields.length);
    expect(again.method("/tribridge.transcode.test.Echoer/GetBook")?.name).toBe("GetBook");
  });
});

describe("error model", () => {
  it.each([
    [{ code: "REMOTE_STATUS", message: "timeout", status: 31 }, "dubbo", 504, Code.DEADLINE_EXCEEDED],
    [{ code: "REMOTE_STATUS", message: "Not found exported service: x", status: 70 }, "dubbo", 501, Code.UNIMPLEMENTED],
    [{ code: "REMOTE_STATUS", message: "boom", status: 80 }, "dubbo", 500, Code.INTERNAL],
    [{ code: "REMOTE_STATUS", message: "bad", status: 40 }, "dubbo", 400, Code.INVALID_ARGUMENT],
    [{ code: "REMOTE_STATUS", message: "busy", status: 100 }, "dubbo", 429, Code.RESOURCE_EXHAUSTED],
    [{ code: "REMOTE_STATUS", message: "busy", status: 4 }, "bolt", 429, Code.RESOURCE_EXHAUSTED],
    [{ code: "REMOTE_STATUS", message: "timeout", status: 7 }, "bolt", 504, Code.DEADLINE_EXCEEDED],
    [{ code: "REMOTE_STATUS", message: "no processor", status: 6 }, "bolt", 501, Code.UNIMPLEMENTED],
    [
      {
        code: "REMOTE_EXCEPTION",
        message: "x",
        javaClass: "java.lang.IllegalArgumentException",
        remoteMessage: "bad arg",
      },
      "dubbo",
      400,
      Code.INVALID_ARGUMENT,
    ],
    [
      {
        code: "REMOTE_EXCEPTION",
        message: "x",
        javaClass: "com.example.interop.BizException",
        remoteMessage: "m",
        fields: { code: 4001 },
      },
      "dubbo",
      500,
      Code.UNKNOWN,
    ],
    [
      {
        code: "REMOTE_EXCEPTION",
        message: "x",
        javaClass: "org.apache.dubbo.rpc.RpcException",
        remoteMessage: "m",
        fields: { code: 2 },
      },
      "dubbo",
      504,
      Code.DEADLINE_EXCEEDED,
    ],
    [{ code: "DEADLINE_EXCEEDED", message: "late" }, "dubbo", 504, Code.DEADLINE_EXCEEDED],
    [{ code: "UNAVAILABLE", message: "refused" }, "dubbo", 503, Code.UNAVAILABLE],
    [{ code: "BAD_ARGUMENT", message: "types" }, "dubbo", 400, Code.INVALID_ARGUMENT],
    [{ code: 5, rawMessage: "missing", message: "[NOT_FOUND] missing" }, "dubbo", 404, Code.NOT_FOUND],
    [new Error("?"), "dubbo", 500, Code.UNKNOWN],
  ] as const)("%j over %s → HTTP %d", (error, protocol, status, code) => {
    const e = httpErrorFrom(error, protocol);
    expect(e.status).toBe(status);
    expect(e.code).toBe(code);
    expect(e.body.code).toBe(code);
  });
  it("names the Java exception in an ErrorInfo detail", () => {
    const e = httpErrorFrom({
      code: "REMOTE_EXCEPTION",
      message: "",
      javaClass: "com.x.BizException",
      remoteMessage: "no",
      fields: { code: 4001 },
    });
    expect(e.body).toEqual({
      code: 2,
      message: "no",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "com.x.BizException",
          domain: "dubbo",
          metadata: { code: "4001" },
        },
      ],
    });
  });
});

describe("envelopes", () => {
  it("reads each request shape", () => {
    expect(readEnvelope("plain", [1, 2])).toEqual({ args: [1, 2] });
    expect(readEnvelope("pixiu", { types: ["int"], values: [1] })).toEqual({ args: [1], parameterTypes: ["int"] });
    expect(readEnvelope("dubbo-generic", { method: "m", parameterTypes: ["int"], args: [1] })).toEqual({
      args: [1],
      parameterTypes: ["int"],
      method: "m",
    });
    expect(() => readEnvelope("pixiu", [1])).toThrow();
    expect(() => readEnvelope("dubbo-generic", { args: [] })).toThrow();
  });
  it("writes results and errors", () => {
    expect(writeResult("higress", 5, { attachments: { a: "1" } })).toEqual({
      status: 200,
      body: { result: 5, attachment: { a: "1" } },
    });
    expect(writeResult("pixiu", 5)).toEqual({ status: 200, body: 5 });
    const err = httpError(Code.NOT_FOUND, "nope");
    expect(writeError("higress", err)).toEqual({ status: 404, body: { error: "nope", attachment: {} } });
    expect(writeError("higress", err, { errorStatus: "always-200" }).status).toBe(200);
    expect(writeError("pixiu", err)).toEqual({ status: 404, body: { message: "nope" } });
    expect(writeError("plain", err)).toEqual({ status: 404, body: { code: 5, message: "nope" } });
  });
});
