import { toJson } from "@bufbuild/protobuf";
import { Code, codeName, StatusError } from "@tribridge/triple";
import { describe, expect, it } from "vitest";
import {
  type Binding,
  bindingsOf,
  HttpRuleError,
  HttpTranscoder,
  parseTemplate,
  RouteConflictError,
  Router,
  TemplateSyntaxError,
  templateKey,
  urlUnescape,
} from "../src/index.js";
import { HTTP_CASES } from "./http-cases.js";
import { echoSchema } from "./schema-files.js";

const schema = echoSchema();
const transcoder = new HttpTranscoder(schema);

describe("HttpRule cases (shared with the Envoy interop suite)", () => {
  for (const c of HTTP_CASES) {
    it(c.name, () => {
      if (c.error !== undefined) {
        let caught: unknown;
        try {
          transcoder.request(c.method, c.path, c.body);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(StatusError);
        expect(codeName((caught as StatusError).code)).toBe(c.error);
        return;
      }
      const r = transcoder.request(c.method, c.path, c.body);
      expect(r.grpcPath).toBe(`/tribridge.transcode.test.Echoer/${c.rpc}`);
      expect(toJson(r.method.input, r.message, { useProtoFieldName: true })).toEqual(c.message);
    });
  }
});

describe("path templates", () => {
  it.each([
    ["/v1/{name}", "/=v1/*", 1],
    ["/v1/{name=shelves/*}/books", "/=v1/=shelves/*/=books", 1],
    ["/v1/{a}/{b.c=**}:verb", "/=v1/*/**:verb", 2],
    ["/", "/", 0],
    ["/*/**", "/*/**", 0],
  ])("%s", (t, key, vars) => {
    const p = parseTemplate(t);
    expect(templateKey(p)).toBe(key);
    expect(p.variables.length).toBe(vars);
  });
  it("variable ranges", () => {
    const p = parseTemplate("/v1/{name=shelves/*/books/*}/x/{rest=**}");
    expect(p.variables).toEqual([
      { fieldPath: ["name"], start: 1, end: 5 },
      { fieldPath: ["rest"], start: 6, end: -1 },
    ]);
  });
  it.each([
    "v1/x",
    "/v1/**/x",
    "/v1/{a}/{a}",
    "/v1/{a=**}/{b}",
    "/v1/{a",
    "/v1/{a{b}}",
    "/v1//x",
    "/v1/x:",
    "/v1/{1a}",
  ])("rejects %s", (t) => {
    expect(() => parseTemplate(t)).toThrow(TemplateSyntaxError);
  });
});

describe("rules", () => {
  it("flattens additional bindings and reads both field-name styles", () => {
    const b = bindingsOf("p.S.M", {
      post: "/a",
      body: "*",
      response_body: "r",
      additional_bindings: [{ get: "/b" }, { custom: { kind: "report", path: "/c" } }],
    });
    expect(b.map((x) => [x.httpMethod, x.template.source, x.body, x.responseBody, x.index])).toEqual([
      ["POST", "/a", "*", "r", 0],
      ["GET", "/b", "", "", 1],
      ["REPORT", "/c", "", "", 2],
    ]);
  });
  it("protobuf-es oneof form", () => {
    expect(bindingsOf("p.S.M", { pattern: { case: "get", value: "/x" } })[0]?.httpMethod).toBe("GET");
  });
  it.each([
    [{}, "no pattern"],
    [{ get: "/a", post: "/b" }, "more than one pattern"],
    [{ get: "/a", additionalBindings: [{ get: "/b", additionalBindings: [{ get: "/c" }] }] }, "their own"],
    [{ get: "a" }, "must start"],
  ])("rejects %j", (rule, why) => {
    expect(() => bindingsOf("p.S.M", rule)).toThrow(HttpRuleError);
    expect(() => bindingsOf("p.S.M", rule)).toThrow(why);
  });
});

describe("router", () => {
  const b = (rpc: string, method: string, path: string): [Binding, string] => [
    bindingsOf(rpc, { [method]: path })[0] as Binding,
    rpc,
  ];

  it("reports a conflict naming both rules", () => {
    const r = new Router<string>();
    r.add([b("p.S.A", "get", "/v1/{x}/books")]);
    let err: unknown;
    try {
      r.add([b("p.S.B", "get", "/v1/*/books")]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RouteConflictError);
    expect((err as Error).message).toContain("p.S.B: GET /v1/*/books conflicts with p.S.A: GET /v1/{x}/books");
  });
  it("does not see different methods, verbs or literals as conflicts", () => {
    const r = new Router<string>();
    r.add([
      b("p.S.A", "get", "/v1/{x}"),
      b("p.S.B", "post", "/v1/{x}"),
      b("p.S.C", "get", "/v1/{x}:undo"),
      b("p.S.D", "get", "/v1/lit"),
    ]);
    expect(r.size).toBe(4);
    expect(r.match("GET", "/v1/lit")?.target).toBe("p.S.D");
    expect(r.match("GET", "/v1/other")?.target).toBe("p.S.A");
    expect(r.match("GET", "/v1/other:undo")?.target).toBe("p.S.C");
    // An unregistered verb stays part of the segment, as in Envoy.
    expect(r.match("GET", "/v1/other:redo")?.variables[0]?.value).toBe("other:redo");
  });
  it("first-wins keeps going and lists conflicts", () => {
    const r = new Router<string>({ onConflict: "first-wins" });
    r.add([b("p.S.A", "get", "/a/{x}"), b("p.S.B", "get", "/a/{y}")]);
    expect(r.conflicts).toHaveLength(1);
    expect(r.match("GET", "/a/1")?.target).toBe("p.S.A");
  });
  it("backtracks from a literal dead end to a wildcard", () => {
    const r = new Router<string>();
    r.add([b("p.S.A", "get", "/v1/books/special/x"), b("p.S.B", "get", "/v1/{a}/{b}/y")]);
    expect(r.match("GET", "/v1/books/special/y")?.target).toBe("p.S.B");
  });
  it("custom method * matches any HTTP method; exact method wins", () => {
    const r = new Router<string>();
    r.add([
      [bindingsOf("p.S.Any", { custom: { kind: "*", path: "/any/{x}" } })[0] as Binding, "any"],
      b("p.S.Get", "get", "/any/{x}"),
    ]);
    expect(r.match("GET", "/any/1")?.target).toBe("p.S.Get");
    expect(r.match("OPTIONS", "/any/1")?.target).toBe("any");
  });
  it("matches among 500 routes", () => {
    const r = new Router<number>();
    const all: [Binding, number][] = [];
    for (let i = 0; i < 500; i++)
      all.push([bindingsOf(`p.S.M${i}`, { get: `/api/v${i % 5}/res${i}/{id}/sub/{sub=**}` })[0] as Binding, i]);
    r.add(all);
    for (let i = 0; i < 500; i += 37) {
      const m = r.match("GET", `/api/v${i % 5}/res${i}/42/sub/a/b?x=1`);
      expect(m?.target).toBe(i);
      expect(m?.variables.map((v) => v.value)).toEqual(["42", "a/b"]);
      expect(m?.query).toBe("x=1");
    }
  });
  it("multi-segment unescape spec is configurable", () => {
    const raw = "%2f%23/%20%2523";
    const mk = (spec: "all-characters-except-reserved" | "all-characters-except-slash" | "all-characters") => {
      const r = new Router<string>({ urlUnescapeSpec: spec });
      r.add([b("p.S.A", "get", "/f/{p=**}")]);
      return r.match("GET", `/f/${raw}`)?.variables[0]?.value;
    };
    // The three examples of Envoy's url_unescape_spec documentation.
    expect(mk("all-characters-except-reserved")).toBe("%2f%23/ %23");
    expect(mk("all-characters-except-slash")).toBe("%2f#/ %23");
    expect(mk("all-characters")).toBe("/#/ %23");
  });
});

describe("url unescape", () => {
  it.each([
    ["plain", "plain"],
    ["%41%4a%4B", "AJK"],
    ["100%", "100%"],
    ["%zz%4", "%zz%4"],
    ["%E2%82%AC", "€"],
    ["é", "é"],
  ])("%s", (input, out) => {
    expect(urlUnescape(input)).toBe(out);
  });
  it("plus as space only when asked", () => {
    expect(urlUnescape("a+b")).toBe("a+b");
    expect(urlUnescape("a+b", "all-characters", true)).toBe("a b");
  });
});

describe("transcoder options", () => {
  it("ignores unknown and listed query parameters when told", () => {
    const t = new HttpTranscoder(schema, { ignoreUnknownQueryParameters: true, ignoredQueryParameters: ["key"] });
    const r = t.request("GET", "/v1/books/b?nope=1&key=k&name=n");
    expect(toJson(r.method.input, r.message)).toEqual({ book: "b", name: "n" });
  });
  it("query + as space when told", () => {
    const t = new HttpTranscoder(schema, { queryParamUnescapePlus: true });
    const r = t.request("GET", "/v1/books/b?name=a+b");
    expect(toJson(r.method.input, r.message)).toEqual({ book: "b", name: "a b" });
  });
  it("auto mapping", () => {
    const t = new HttpTranscoder(schema, { autoMapping: true });
    const r = t.request("POST", "/tribridge.transcode.test.Echoer/Fail", '{"page":3}');
    expect(r.grpcPath).toBe("/tribridge.transcode.test.Echoer/Fail");
  });
  it("response_body and JSON print options", () => {
    const r = transcoder.request("GET", "/v1/tags?tags=a&tags=b");
    expect(transcoder.response(r, r.message)).toBe('["a","b"]');
    const empty = transcoder.request("GET", "/v1/tags");
    expect(transcoder.response(empty, empty.message)).toBe("[]");
    const t = new HttpTranscoder(schema, { json: { emitDefaults: true, enumsAsNumbers: true, protoFieldNames: true } });
    const n = t.request("POST", "/v1/nested:echo", '{"nested":{"kind":"KIND_BOOK"}}');
    expect(JSON.parse(t.response(n, n.message))).toEqual({ note: "", count: "0", ids: [], kind: 1 });
    const u = new HttpTranscoder(schema, { json: { ignoreUnknownFields: true } });
    const z = u.request("POST", "/v1/shelves/s/books", '{"zz":1}');
    expect(toJson(z.method.input, z.message)).toEqual({ shelf: "s" });
  });
  it("NOT_FOUND carries the gRPC code", () => {
    expect(() => transcoder.request("GET", "/x")).toThrow(expect.objectContaining({ code: Code.NOT_FOUND }));
  });
});
