import type { Readable } from "node:stream";
import { javaArg } from "@tribridge/dubbo";
import { type HessianValue, toJs } from "@tribridge/hessian2";
import {
  decodeTripleJsonArgs,
  encodeTripleHttpError,
  type Metadata,
  methodSignature,
  parseTripleHttpPath,
  parseTripleRequestHeaders,
} from "@tribridge/triple";
import { RemoteError } from "../errors.js";
import type { MethodDefinition, ServerCall, ServiceId } from "../invocation.js";
import type { ServiceRegistry } from "../registry.js";
import type { CallHost } from "./dispatch.js";
import type { HttpOut } from "./http-out.js";

/**
 * Triple's HTTP form (Dubbo 3.3, HTTP/1.1 or h2 without envelopes): `POST /{interface}/{method}`
 * with the arguments as JSON, the result as JSON. Served for wrapper-mode (Hessian) services,
 * as Java serves it for non-IDL interfaces. Errors use Java's body `{"status":"500",...}`.
 */
export function serveJsonUnary(host: CallHost, body: Readable, headers: Metadata, out: HttpOut): void {
  const fail = (status: number, message: string) => {
    body.resume();
    if (out.destroyed || out.headersSent) return;
    out.writeHead(status, { "content-type": "application/json" });
    out.end(encodeTripleHttpError(status, message));
  };
  const method = headers.get(":method");
  if (method !== "POST" && method !== "GET") {
    fail(405, `method ${method} not allowed`);
    return;
  }
  const ct = headers.get("content-type") ?? "application/json";
  if (method === "POST" && !ct.startsWith("application/json")) {
    // Neither gRPC, gRPC-Web nor Triple JSON: plain 415 as grpc-go answers (no JSON body,
    // which clients of other protocols would try to read as their own error format).
    body.resume();
    out.writeHead(415, {
      "content-type": "text/plain",
      "accept-post": "application/grpc, application/grpc-web, application/json",
    });
    out.end(Buffer.from(`unsupported content-type ${ct}`));
    return;
  }
  let path: ReturnType<typeof parseTripleHttpPath>;
  try {
    path = parseTripleHttpPath(headers.get(":path") ?? "");
  } catch (e) {
    fail(404, (e as Error).message);
    return;
  }
  const tri = parseTripleRequestHeaders(headers);
  const service: ServiceId = {
    interface: path.service,
    ...(tri.version === undefined ? {} : { version: tri.version }),
    ...(tri.group === undefined || tri.group === "" ? {} : { group: tri.group }),
  };
  const def = pickOverload(host.registry, service, path.method, path.signature);
  if (def === undefined) {
    fail(404, `Invoker not found: ${path.service}/${path.method}`);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  body.on("data", (c: Buffer) => {
    size += c.length;
    if (size > host.maxMessageBytes) {
      fail(413, `request body over ${host.maxMessageBytes} bytes`);
      body.destroy();
      return;
    }
    chunks.push(c);
  });
  body.on("end", () => {
    if (size > host.maxMessageBytes) return;
    void run(host, def, service, Buffer.concat(chunks), tri, out, fail);
  });
}

async function run(
  host: CallHost,
  def: MethodDefinition,
  service: ServiceId,
  bytes: Uint8Array,
  tri: ReturnType<typeof parseTripleRequestHeaders>,
  out: HttpOut,
  fail: (status: number, message: string) => void,
): Promise<void> {
  let args: HessianValue[];
  try {
    const raw = decodeTripleJsonArgs(bytes, def.parameterTypes.length);
    args = raw.map((a, i) => javaArg(a, def.parameterTypes[i] as string));
  } catch (e) {
    fail(400, (e as Error).message);
    return;
  }
  const controller = new AbortController();
  host.track(controller);
  const deadline = tri.serviceTimeoutMs === undefined ? undefined : Date.now() + tri.serviceTimeoutMs;
  const timer =
    deadline === undefined ? undefined : setTimeout(() => controller.abort(), Math.max(0, deadline - Date.now()));
  const call: ServerCall = {
    service,
    method: def.name,
    parameterTypes: def.parameterTypes,
    args,
    attachments: Object.fromEntries(tri.attachments),
    responseAttachments: {},
    deadline,
    signal: controller.signal,
    generic: false,
    remoteAddress: undefined,
  };
  try {
    let value = (await def.handler(call)) as HessianValue;
    if (value === undefined) value = null;
    if (def.returnType !== undefined && def.returnType !== "void") value = javaArg(value, def.returnType);
    if (out.destroyed) return;
    out.writeHead(200, { "content-type": "application/json" });
    out.end(Buffer.from(JSON.stringify(toJs(value) ?? null, jsonSafe)));
  } catch (e) {
    const message = e instanceof RemoteError ? e.message : e instanceof Error ? e.message : String(e);
    fail(500, message);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    host.untrack(controller);
  }
}

/** JSON has no int64 or bytes: bigints inside the safe range become numbers, others strings. */
function jsonSafe(_key: string, v: unknown): unknown {
  if (typeof v === "bigint")
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  return v;
}

/** The overload a path names: by `~signature` if given, else the only one with that name. */
function pickOverload(
  registry: ServiceRegistry,
  service: ServiceId,
  method: string,
  signature: string | undefined,
): MethodDefinition | undefined {
  if (!registry.hasService(service)) return undefined;
  const all = registry.overloads(service, method);
  if (signature !== undefined) return all.find((m) => methodSignature(m.parameterTypes) === signature);
  return all.length === 1 ? all[0] : undefined;
}
