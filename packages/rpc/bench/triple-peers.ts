/**
 * One server per process for the Triple benchmarks (so servers never share an event loop
 * with the load generator or each other). `triple-peers.ts <ours|grpc-js|echo>` prints
 * `PORT n` (and `CPU µs` on SIGUSR2). Every server answers /bench.Echo/Unary with the request bytes and streams
 * /bench.Echo/Stream: a request of 4-byte count n yields n messages of 64 KiB.
 */
import { createServer } from "node:http2";
import * as grpc from "@grpc/grpc-js";
import { bytesSerializer, serverStreamingMethod, TripleServer, unaryMethod } from "../src/index.js";

const CHUNK = new Uint8Array(64 * 1024).fill(7);
const count = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0);
const kind = process.argv[2];

async function main(): Promise<number> {
  if (kind === "ours") {
    const s = new TripleServer({ maxMessageBytes: 16 * 1024 * 1024 });
    s.addMethod(
      "bench.Echo",
      "Unary",
      unaryMethod(bytesSerializer, bytesSerializer, (r) => r),
    );
    s.addMethod(
      "bench.Echo",
      "Stream",
      serverStreamingMethod(bytesSerializer, bytesSerializer, function* (r) {
        for (let i = count(r); i > 0; i--) yield CHUNK;
      }),
    );
    return (await s.listen()).port;
  }
  if (kind === "grpc-js") {
    const s = new grpc.Server();
    const id = (b: Buffer) => b;
    s.addService(
      {
        Unary: {
          path: "/bench.Echo/Unary",
          requestStream: false,
          responseStream: false,
          requestSerialize: id,
          requestDeserialize: id,
          responseSerialize: id,
          responseDeserialize: id,
        },
        Stream: {
          path: "/bench.Echo/Stream",
          requestStream: false,
          responseStream: true,
          requestSerialize: id,
          requestDeserialize: id,
          responseSerialize: id,
          responseDeserialize: id,
        },
      } as grpc.ServiceDefinition,
      {
        Unary: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request),
        Stream: async (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
          const chunk = Buffer.from(CHUNK);
          for (let i = count(call.request); i > 0; i--) {
            if (!call.write(chunk)) await new Promise((r) => call.once("drain", r));
          }
          call.end();
        },
      },
    );
    return new Promise((resolve, reject) =>
      s.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
  }
  // The ceiling: node:http2 with no gRPC logic, echoing the request body with OK trailers.
  const s = createServer();
  s.on("stream", (stream) => {
    const parts: Buffer[] = [];
    stream.on("data", (c: Buffer) => parts.push(c));
    stream.on("end", () => {
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
      stream.once("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      stream.end(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    });
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as { port: number }).port;
}

// SIGUSR2 asks for this process's CPU time so far (µs), so the bench can report CPU per
// request: steadier than req/s on a shared machine.
process.on("SIGUSR2", () => {
  const u = process.cpuUsage();
  console.log(`CPU ${u.user + u.system}`);
});

main().then(
  (port) => console.log(`PORT ${port}`),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
