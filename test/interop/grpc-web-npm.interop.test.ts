/**
 * The official `grpc-web` npm client (2.x, Closure-compiled, XMLHttpRequest-based) run in Node
 * against TripleServer's gRPC-Web endpoint, in both of its wire formats: `binary`
 * (application/grpc-web+proto) and `text` (application/grpc-web-text, the default). Node has no
 * XMLHttpRequest, so `xhr2` stands in for it; no protoc: the message classes below serialize
 * with @bufbuild/protobuf from the Greeter schema loaded at run time.
 */
import { createRequire } from "node:module";
import { create, type DescMessage, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, decodeStatusDetailsBin } from "@tribridge/triple";
import type * as GrpcWeb from "grpc-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observed, registry, startGreeter } from "../../packages/rpc/test/triple-helpers.js";

const require = createRequire(import.meta.url);
// grpc-web's CommonJS build picks up the global XMLHttpRequest when a call starts.
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= require("xhr2");
const grpcWeb = require("grpc-web") as typeof GrpcWeb;

function messageSchema(name: string): DescMessage {
  const schema = registry.getMessage(name);
  if (schema === undefined) throw new Error(`${name} is not in the Greeter descriptor set`);
  return schema;
}
const requestSchema = messageSchema("tribridge.interop.HelloRequest");
const replySchema = messageSchema("tribridge.interop.HelloReply");

/** The shape protoc-gen-grpc-web's classes have, reduced to what the client touches. */
class HelloRequest {
  constructor(readonly name: string) {}
  serializeBinary(): Uint8Array {
    return toBinary(requestSchema, create(requestSchema, { name: this.name }));
  }
}
class HelloReply {
  constructor(readonly message: string) {}
  static deserializeBinary(bytes: Uint8Array): HelloReply {
    const reply = fromBinary(replySchema, bytes) as unknown as { readonly message: string };
    return new HelloReply(reply.message);
  }
}

const descriptor = (name: string, type: string) =>
  new grpcWeb.MethodDescriptor<HelloRequest, HelloReply>(
    `/tribridge.interop.Greeter/${name}`,
    type,
    HelloRequest as never,
    HelloReply as never,
    (r: HelloRequest) => r.serializeBinary(),
    HelloReply.deserializeBinary,
  );
const sayHello = descriptor("SayHello", grpcWeb.MethodType.UNARY);
const sayHelloStream = descriptor("SayHelloStream", grpcWeb.MethodType.SERVER_STREAMING);

describe("grpc-web (npm) client → TripleServer gRPC-Web", () => {
  let server: Awaited<ReturnType<typeof startGreeter>>["server"];
  let url: string;
  beforeAll(async () => {
    const s = await startGreeter();
    server = s.server;
    url = s.url;
  });
  afterAll(() => server?.close({ graceMs: 100 }));

  for (const format of ["binary", "text"] as const) {
    describe(format, () => {
      const client = () => new grpcWeb.GrpcWebClientBase({ format });

      it("unary with request and response metadata", async () => {
        const [reply, headers, status] = await new Promise<[HelloReply, GrpcWeb.Metadata, GrpcWeb.Status]>(
          (resolve, reject) => {
            let reply: HelloReply | undefined;
            let status: GrpcWeb.Status | undefined;
            let headers: GrpcWeb.Metadata = {};
            const settle = () => {
              if (reply !== undefined && status !== undefined) resolve([reply, headers, status]);
            };
            const stream = client().rpcCall(
              `${url}${sayHello.getName()}`,
              new HelloRequest("web"),
              { "x-echo": "from grpc-web" },
              sayHello,
              (err, r) => {
                if (err !== null) return reject(err);
                reply = r;
                settle();
              },
            );
            stream.on("metadata", (m) => (headers = m));
            stream.on("status", (s) => {
              status = s;
              settle();
            });
          },
        );
        expect(reply.message).toBe("Hello, web!");
        expect(headers["x-echo"]).toBe("from grpc-web");
        expect(status.code).toBe(Code.OK);
        expect(status.metadata?.["x-trailer"]).toBe("t");
      });

      it("unary through the promise API", async () => {
        const r = await client().unaryCall(`${url}${sayHello.getName()}`, new HelloRequest("p"), {}, sayHello);
        expect(r.message).toBe("Hello, p!");
      });

      it("server streaming", async () => {
        const stream = client().serverStreaming(
          `${url}${sayHelloStream.getName()}`,
          new HelloRequest("s"),
          {},
          sayHelloStream,
        );
        const out = await new Promise<string[]>((resolve, reject) => {
          const got: string[] = [];
          stream.on("data", (m) => got.push(m.message));
          stream.on("error", reject);
          stream.on("end", () => resolve(got));
        });
        expect(out).toEqual(["Hello, s! #1", "Hello, s! #2", "Hello, s! #3"]);
      });

      it("an error status with its message", async () => {
        const e = (await client()
          .unaryCall(`${url}${sayHello.getName()}`, new HelloRequest(""), {}, sayHello)
          .catch((x: unknown) => x)) as GrpcWeb.RpcError;
        expect(e).toBeInstanceOf(grpcWeb.RpcError);
        expect(e.code).toBe(grpcWeb.StatusCode.INVALID_ARGUMENT);
        expect(e.message).toBe("name is required");
      });

      it("an error status with details (grpc-status-details-bin in the error's metadata)", async () => {
        const e = (await client()
          .unaryCall(`${url}${sayHello.getName()}`, new HelloRequest("details"), {}, sayHello)
          .catch((x: unknown) => x)) as GrpcWeb.RpcError;
        expect(e.code).toBe(grpcWeb.StatusCode.FAILED_PRECONDITION);
        expect(e.message).toBe("with details");
        const bin = e.metadata["grpc-status-details-bin"];
        expect(bin).toBeTypeOf("string");
        const status = decodeStatusDetailsBin(bin as string);
        expect(status.code).toBe(Code.FAILED_PRECONDITION);
        expect(status.details[0]?.typeUrl).toBe("type.googleapis.com/google.protobuf.StringValue");
      });

      it("a deadline (grpc-web's `deadline` metadata becomes grpc-timeout)", async () => {
        const deadline = String(Date.now() + 200);
        const e = (await client()
          .unaryCall(`${url}${sayHello.getName()}`, new HelloRequest("slow"), { deadline }, sayHello)
          .catch((x: unknown) => x)) as GrpcWeb.RpcError;
        expect(e.code).toBe(grpcWeb.StatusCode.DEADLINE_EXCEEDED);
        // The server's answer, not the client's own XHR timeout (which grpc-web sets to at
        // least 1 s): it carries the handler's trailers.
        expect(e.metadata["x-trailer"]).toBe("t");
      });

      it("cancel() aborts the server's handler", async () => {
        const before = observed.aborted.filter((l) => l === "many").length;
        const stream = client().serverStreaming(
          `${url}${sayHelloStream.getName()}`,
          new HelloRequest("many:1000000x1024"),
          {},
          sayHelloStream,
        );
        stream.on("error", () => {});
        await new Promise((r) => setTimeout(r, 100));
        stream.cancel();
        for (let i = 0; i < 100 && observed.aborted.filter((l) => l === "many").length === before; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(observed.aborted.filter((l) => l === "many").length).toBe(before + 1);
      });

      it("an unknown method is UNIMPLEMENTED", async () => {
        const missing = descriptor("Missing", grpcWeb.MethodType.UNARY);
        const e = (await client()
          .unaryCall(`${url}${missing.getName()}`, new HelloRequest("x"), {}, missing)
          .catch((x: unknown) => x)) as GrpcWeb.RpcError;
        expect(e.code).toBe(grpcWeb.StatusCode.UNIMPLEMENTED);
      });
    });
  }
});
