/**
 * Shared by the Triple tests: the lab's Greeter schema loaded at run time (protobufjs parses
 * the .proto into a FileDescriptorSet; @bufbuild/protobuf takes it from there), our Greeter
 * implementation, and a grpc-js client/server for the same proto.
 */
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor/index.js";
import {
  addProtoService,
  Code,
  type MethodInfo,
  protoMethods,
  registryFromDescriptorSet,
  StatusError,
  type StreamContext,
  TripleServer,
  type TripleServerOptions,
} from "../src/index.js";

export const greeterProtoPath = fileURLToPath(new URL("../../../interop/proto/greeter.proto", import.meta.url));

export function greeterRegistry() {
  const root = protobuf.loadSync(greeterProtoPath);
  const set = (root as unknown as { toDescriptor(s: string): protobuf.Message }).toDescriptor("proto3");
  const bytes = (descriptor.FileDescriptorSet as unknown as protobuf.Type).encode(set).finish();
  return registryFromDescriptorSet(bytes);
}

export const registry = greeterRegistry();
const svc = registry.getService("tribridge.interop.Greeter");
if (svc === undefined) throw new Error("Greeter not in the descriptor set");
export const greeterService = svc;
type Msg = { name?: string; message?: string };
export const greeter = protoMethods(greeterService) as unknown as Record<
  "SayHello" | "SayHelloStream" | "Collect" | "Chat",
  MethodInfo<Msg, Msg>
>;

/** Signals seen by handlers, for cancellation/deadline assertions. */
export const observed: { aborted: string[] } = { aborted: [] };

function watch(ctx: StreamContext, label: string) {
  ctx.signal.addEventListener("abort", () => observed.aborted.push(label), { once: true });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

/** The Greeter as the lab defines it, plus test hooks driven by the request name. */
export async function startGreeter(options: TripleServerOptions = {}) {
  const server = new TripleServer(options);
  addProtoService(server, greeterService, {
    SayHello: async (req: Msg, ctx: StreamContext) => {
      const name = req.name ?? "";
      ctx.responseHeaders.set("x-echo", ctx.metadata.get("x-echo") ?? "none");
      ctx.responseTrailers.set("x-trailer", "t");
      if (name === "") throw new StatusError(Code.INVALID_ARGUMENT, "name is required");
      if (name === "details") {
        throw new StatusError(Code.FAILED_PRECONDITION, "with details", {
          details: [
            { typeUrl: "type.googleapis.com/google.protobuf.StringValue", value: new Uint8Array([10, 1, 120]) },
          ],
        });
      }
      if (name === "slow") {
        watch(ctx, "slow");
        await sleep(10_000, ctx.signal);
        throw new StatusError(Code.ABORTED, "should not get here");
      }
      if (name.startsWith("big:")) return { message: "x".repeat(Number(name.slice(4))) };
      return { message: `Hello, ${name}!` };
    },
    SayHelloStream: async function* (req: Msg, ctx: StreamContext) {
      const name = req.name ?? "";
      if (name.startsWith("many:")) {
        watch(ctx, "many");
        const [n, size] = name.slice(5).split("x").map(Number) as [number, number];
        const payload = "y".repeat(size);
        for (let i = 0; i < n && !ctx.signal.aborted; i++) {
          sent.count = i + 1;
          yield { message: payload };
        }
        return;
      }
      for (let i = 1; i <= 3; i++) yield { message: `Hello, ${name}! #${i}` };
    },
    Collect: async (reqs: AsyncIterable<Msg>) => {
      const names: string[] = [];
      for await (const r of reqs) names.push(r.name ?? "");
      return { message: `Hello, ${names.join(", ")}!` };
    },
    Chat: async function* (reqs: AsyncIterable<Msg>) {
      for await (const r of reqs) yield { message: `Hello, ${r.name}!` };
    },
  });
  const addr = await server.listen();
  return { server, port: addr.port, url: `http://127.0.0.1:${addr.port}` };
}

/** How many messages the `many:` stream handed to the transport so far. */
export const sent = { count: 0 };

export type GrpcGreeterClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

export function grpcJsDefinition() {
  const def = protoLoader.loadSync(greeterProtoPath, { keepCase: true, defaults: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    tribridge: { interop: { Greeter: grpc.ServiceClientConstructor } };
  };
  return pkg.tribridge.interop.Greeter;
}

export function grpcJsClient(port: number, options: grpc.ClientOptions = {}): GrpcGreeterClient {
  const Ctor = grpcJsDefinition();
  return new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options) as unknown as GrpcGreeterClient;
}
