/**
 * gRPC-Web and Triple JSON on the TripleServer's port: our GrpcWebClient (binary and text),
 * @connectrpc/connect-web's gRPC-Web transport (fetch over HTTP/1.1), CORS preflight, and the
 * HTTP/1.1 JSON unary form of a wrapper-mode service.
 */
import { createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, GrpcWebClient, RemoteError, type TripleError, type TripleServer } from "../src/index.js";
import { greeter, greeterService, startGreeter } from "./triple-helpers.js";

describe("gRPC-Web and JSON on the Triple port", () => {
  let server: TripleServer;
  let url: string;

  beforeAll(async () => {
    const s = await startGreeter({ cors: { origins: ["http://app.example"] } });
    server = s.server;
    url = s.url;
    server.addService({ interface: "com.example.interop.EchoService", version: "1.0.0" }, [
      { name: "echoInt", parameterTypes: ["int"], returnType: "int", handler: (c) => c.args[0] },
      {
        name: "add",
        parameterTypes: ["int", "int"],
        returnType: "int",
        handler: (c) => (c.args[0] as number) + (c.args[1] as number),
      },
      {
        name: "fail",
        parameterTypes: ["java.lang.String"],
        handler: (c) => {
          throw new RemoteError("com.example.interop.BizException", String(c.args[0]), { code: 4001 });
        },
      },
    ]);
  });
  afterAll(() => server.close({ graceMs: 100 }));

  for (const text of [false, true]) {
    describe(text ? "text" : "binary", () => {
      const client = () => new GrpcWebClient({ baseUrl: url, text, timeoutMs: 5000 });
      it("unary with metadata", async () => {
        let echo: string | undefined;
        const r = await client().unary(
          greeter.SayHello,
          { name: "web" },
          { metadata: { "x-echo": "e" }, onHeaders: (h) => (echo = h.get("x-echo")) },
        );
        expect(r.message).toBe("Hello, web!");
        expect(echo).toBe("e");
      });
      it("server streaming", async () => {
        const out: string[] = [];
        for await (const m of client().serverStream(greeter.SayHelloStream, { name: "w" })) out.push(m.message ?? "");
        expect(out).toEqual(["Hello, w! #1", "Hello, w! #2", "Hello, w! #3"]);
      });
      it("errors", async () => {
        const e = (await client()
          .unary(greeter.SayHello, { name: "" })
          .catch((x) => x)) as TripleError;
        expect(e.grpcCode).toBe(Code.INVALID_ARGUMENT);
        expect(e.rawMessage).toBe("name is required");
      });
      it("deadline", async () => {
        const e = (await client()
          .unary(greeter.SayHello, { name: "slow" }, { timeoutMs: 150 })
          .catch((x) => x)) as TripleError;
        expect(e.code).toBe("DEADLINE_EXCEEDED");
      });
    });
  }
  it("serves @connectrpc/connect-web (gRPC-Web, binary protobuf)", async () => {
    const transport = createGrpcWebTransport({ baseUrl: url, useBinaryFormat: true });
    const c = createClient(greeterService, transport) as unknown as {
      sayHello(r: { name: string }): Promise<{ message: string }>;
      sayHelloStream(r: { name: string }): AsyncIterable<{ message: string }>;
    };
    expect((await c.sayHello({ name: "connect" })).message).toBe("Hello, connect!");
    const out: string[] = [];
    for await (const m of c.sayHelloStream({ name: "c" })) out.push(m.message);
    expect(out).toHaveLength(3);
    const e = await c.sayHello({ name: "" }).catch((x) => x);
    expect(e.code).toBe(3);
  });

  it("answers CORS preflight for allowed origins only", async () => {
    const ok = await fetch(`${url}/tribridge.interop.Greeter/SayHello`, {
      method: "OPTIONS",
      headers: { origin: "http://app.example", "access-control-request-headers": "content-type,x-grpc-web" },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://app.example");
    expect(ok.headers.get("access-control-allow-headers")).toBe("content-type,x-grpc-web");
    const no = await fetch(`${url}/tribridge.interop.Greeter/SayHello`, {
      method: "OPTIONS",
      headers: { origin: "http://evil.example" },
    });
    expect(no.status).toBe(403);
  });

  it("serves Triple's HTTP/1.1 JSON unary form for wrapper services", async () => {
    const post = (path: string, body: string) =>
      fetch(`${url}/com.example.interop.EchoService/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "tri-service-version": "1.0.0" },
        body,
      });
    const r = await post("echoInt", "[5]");
    expect(r.status).toBe(200);
    expect(await r.json()).toBe(5);
    expect(await (await post("add", "[2,3]")).json()).toBe(5);
    const f = await post("fail", '["boom"]');
    expect(f.status).toBe(500);
    expect(((await f.json()) as { message: string }).message).toContain("boom");
    expect((await post("nope", "[]")).status).toBe(404);
  });
});
