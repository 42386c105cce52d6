/** TripleServer against the @grpc/grpc-js client: all four kinds, metadata, errors, deadlines, cancellation, size. */
import * as grpc from "@grpc/grpc-js";
import { decodeStatusDetailsBin } from "@tribridge/triple";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TripleServer } from "../src/index.js";
import { type GrpcGreeterClient, grpcJsClient, observed, sent, startGreeter } from "./triple-helpers.js";

type Reply = { message: string };
const MiB = 1024 * 1024;

function unary(c: GrpcGreeterClient, name: string, opts: grpc.CallOptions = {}, md = new grpc.Metadata()) {
  let headers: grpc.Metadata | undefined;
  let trailers: grpc.Metadata | undefined;
  const p = new Promise<Reply>((resolve, reject) => {
    const call = c.SayHello(
      { name },
      md,
      { deadline: Date.now() + 5000, ...opts },
      (e: grpc.ServiceError | null, r: Reply) => (e ? reject(e) : resolve(r)),
    ) as grpc.ClientUnaryCall;
    call.on("metadata", (m) => (headers = m));
    call.on("status", (s) => (trailers = s.metadata));
  });
  return p.then((reply) => ({ reply, headers, trailers }));
}

describe("TripleServer with a grpc-js client", () => {
  let server: TripleServer;
  let client: GrpcGreeterClient;

  beforeAll(async () => {
    const s = await startGreeter({ maxMessageBytes: 16 * MiB });
    server = s.server;
    client = grpcJsClient(s.port, {
      "grpc.max_receive_message_length": 16 * MiB,
      "grpc.max_send_message_length": 16 * MiB,
    });
  });
  afterAll(async () => {
    client.close();
    await server.close({ graceMs: 100 });
  });

  it("answers unary calls with headers and trailers", async () => {
    const md = new grpc.Metadata();
    md.set("x-echo", "hi");
    const r = await unary(client, "node", {}, md);
    expect(r.reply).toEqual({ message: "Hello, node!" });
    expect(r.headers?.get("x-echo")).toEqual(["hi"]);
    expect(r.trailers?.get("x-trailer")).toEqual(["t"]);
  });

  it("sends error statuses with details", async () => {
    const e = (await unary(client, "").catch((x) => x)) as grpc.ServiceError;
    expect(e.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(e.details).toBe("name is required");
    const d = (await unary(client, "details").catch((x) => x)) as grpc.ServiceError;
    expect(d.code).toBe(grpc.status.FAILED_PRECONDITION);
    const bin = d.metadata.get("grpc-status-details-bin")[0] as Buffer;
    const status = decodeStatusDetailsBin(bin.toString("base64"));
    expect(status.details[0]?.typeUrl).toBe("type.googleapis.com/google.protobuf.StringValue");
  });

  it("streams server, client and bidi", async () => {
    const out: string[] = [];
    for await (const r of client.SayHelloStream({ name: "s" }) as grpc.ClientReadableStream<Reply>) out.push(r.message);
    expect(out).toEqual(["Hello, s! #1", "Hello, s! #2", "Hello, s! #3"]);

    const collected = await new Promise<Reply>((resolve, reject) => {
      const call = client.Collect((e: grpc.ServiceError | null, r: Reply) =>
        e ? reject(e) : resolve(r),
      ) as grpc.ClientWritableStream<unknown>;
      for (const n of ["a", "b", "c"]) call.write({ name: n });
      call.end();
    });
    expect(collected.message).toBe("Hello, a, b, c!");

    const chat = client.Chat() as grpc.ClientDuplexStream<unknown, Reply>;
    const got: string[] = [];
    for (const n of ["x", "y"]) {
      chat.write({ name: n });
      const r = await new Promise<Reply>((resolve) => chat.once("data", resolve));
      got.push(r.message);
    }
    chat.end();
    for await (const r of chat) got.push((r as Reply).message);
    expect(got).toEqual(["Hello, x!", "Hello, y!"]);
  });

  it("enforces the client's deadline on the server", async () => {
    const e = (await unary(client, "slow", { deadline: Date.now() + 200 }).catch((x) => x)) as grpc.ServiceError;
    expect(e.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    await expect.poll(() => observed.aborted.includes("slow")).toBe(true);
  });

  it("sees client cancellation and honours flow control", async () => {
    sent.count = 0;
    const stream = client.SayHelloStream({ name: `many:2000x${64 * 1024}` }) as grpc.ClientReadableStream<Reply>;
    stream.on("error", () => {}); // the cancel below surfaces as CANCELLED here
    let read = 0;
    await new Promise<void>((resolve) => {
      stream.on("data", () => {
        if (++read === 5) {
          stream.pause();
          resolve();
        }
      });
    });
    // Give the server every chance to run ahead; flow control must hold it far below 2000.
    await new Promise((r) => setTimeout(r, 300));
    expect(sent.count).toBeLessThan(400);
    stream.cancel();
    await expect.poll(() => observed.aborted.includes("many")).toBe(true);
  });

  it("carries messages above 4 MiB both ways", async () => {
    const big = 5 * MiB;
    const r = await unary(client, `big:${big}`);
    expect(r.reply.message.length).toBe(big);
    const chat = client.Chat() as grpc.ClientDuplexStream<unknown, Reply>;
    chat.write({ name: "z".repeat(big) });
    chat.end();
    const replies: Reply[] = [];
    for await (const m of chat) replies.push(m as Reply);
    expect(replies[0]?.message.length).toBe(big + 8);
  });

  it("answers UNIMPLEMENTED for unknown methods", async () => {
    const c = new grpc.Client(
      `127.0.0.1:${client.getChannel().getTarget().split(":").pop()}`,
      grpc.credentials.createInsecure(),
    );
    const e = await new Promise<grpc.ServiceError>((resolve) => {
      c.makeUnaryRequest(
        "/x.Y/Z",
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        (err) => resolve(err as grpc.ServiceError),
      );
    });
    expect(e.code).toBe(grpc.status.UNIMPLEMENTED);
    c.close();
  });
});
