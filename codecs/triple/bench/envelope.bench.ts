/**
 * gRPC framing against connect-es (`@connectrpc/connect/protocol`), the envelope code a
 * TypeScript user would otherwise run. connect-es exposes decoding only as a WHATWG stream,
 * so its decode case includes stream overhead; ours is fed the same chunks synchronously.
 */
import { encodeEnvelopes as connectEncode, createEnvelopeReadableStream } from "@connectrpc/connect/protocol";
import type { BenchCase } from "../../../scripts/bench-api.js";
import {
  decodeStatusDetailsBin,
  EnvelopeDecoder,
  encodeEnvelopes,
  encodeStatusDetailsBin,
  parseGrpcTimeoutMillis,
  statusFromTrailers,
} from "../src/index.js";

function messages(count: number, size: number) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const data = new Uint8Array(size);
    for (let j = 0; j < size; j++) data[j] = (i + j) & 0xff;
    out.push({ flags: 0, data });
  }
  return out;
}

/** The body cut into transport-sized chunks (16 KiB, a typical HTTP/2 DATA frame). */
function chunks(body: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
}

async function connectDecode(parts: readonly Uint8Array[]): Promise<number> {
  let i = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < parts.length) controller.enqueue(parts[i++] as Uint8Array);
      else controller.close();
    },
  });
  const reader = createEnvelopeReadableStream(source).getReader();
  let n = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) return n;
    n++;
  }
}

export const cases: BenchCase[] = [];

for (const [label, count, size] of [
  ["1000x100B", 1000, 100],
  ["10x64KiB", 10, 64 * 1024],
] as const) {
  const list = messages(count, size);
  const body = encodeEnvelopes(list);
  const parts = chunks(body, 16 * 1024);
  cases.push({
    name: `triple/encode/envelopes-${label}`,
    bytes: body.length,
    ours: () => encodeEnvelopes(list),
    peer: { name: "@connectrpc/connect encodeEnvelopes", run: () => connectEncode(...list) },
  });
  cases.push({
    name: `triple/decode/envelopes-${label}`,
    bytes: body.length,
    ours: async () => {
      // Async like the peer, so both pay one promise per operation.
      const d = new EnvelopeDecoder();
      let n = 0;
      for (const p of parts) n += d.push(p).length;
      d.end();
      return n;
    },
    peer: { name: "@connectrpc/connect createEnvelopeReadableStream", run: () => connectDecode(parts) },
  });
}

const details = encodeStatusDetailsBin({
  code: 3,
  message: "field name must not be empty",
  details: [{ typeUrl: "type.googleapis.com/google.rpc.BadRequest", value: new Uint8Array(40).fill(7) }],
});
const trailers = { "grpc-status": "3", "grpc-message": "field%20name", "grpc-status-details-bin": details };
cases.push({
  name: "triple/decode/trailers-with-details",
  bytes: details.length,
  ours: () => statusFromTrailers(trailers),
});
cases.push({
  name: "triple/decode/status-details-bin",
  bytes: details.length,
  ours: () => decodeStatusDetailsBin(details),
});
cases.push({ name: "triple/decode/grpc-timeout", bytes: 5, ours: () => parseGrpcTimeoutMillis("1500m") });
