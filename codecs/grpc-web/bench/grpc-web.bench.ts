/**
 * gRPC-Web body decoding. Peers: connect-es's `trailerParse` for the trailer block, and
 * Node's Buffer base64 decoder for text mode (connect-es has no text mode; Buffer is what
 * a hand-rolled decoder would use). Buffer gets a body padded only at the end, which it can
 * decode in one call; ours gets Envoy-style per-frame padding, which Buffer cannot.
 */
import { trailerParse } from "@connectrpc/connect/protocol-grpc-web";
import type { BenchCase } from "../../../scripts/bench-api.js";
import {
  decodeTrailerBlock,
  encodeResponseBody,
  encodeTextChunk,
  encodeTrailerBlock,
  GrpcWebDecoder,
} from "../src/index.js";

const msgs: Uint8Array[] = [];
for (let i = 0; i < 100; i++) msgs.push(new Uint8Array(600).fill(i));
const trailerMap = { "grpc-status": "0", "grpc-message": "", "x-request-id": "3f1c2a9e-77b0-4c55-9a8e-1d2b3c4d5e6f" };
const body = encodeResponseBody(msgs, trailerMap);
// Per-frame padded text, as Envoy's grpc_web filter emits it.
const frameTexts: string[] = [];
{
  let pos = 0;
  while (pos < body.length) {
    const len = 5 + ((body[pos + 1]! << 24) | (body[pos + 2]! << 16) | (body[pos + 3]! << 8) | body[pos + 4]!);
    frameTexts.push(encodeTextChunk(body.subarray(pos, pos + len)));
    pos += len;
  }
}
const perFrameText = frameTexts.join("");
const endPaddedText = Buffer.from(body).toString("base64");
const block = encodeTrailerBlock(trailerMap);

export const cases: BenchCase[] = [
  {
    name: "grpc-web/decode/binary-100x600B",
    bytes: body.length,
    ours: () => {
      const d = new GrpcWebDecoder();
      const n = d.push(body).length;
      d.end();
      return n;
    },
  },
  {
    name: "grpc-web/decode/text-100x600B",
    bytes: perFrameText.length,
    ours: () => {
      const d = new GrpcWebDecoder({ text: true });
      const n = d.push(perFrameText).length;
      d.end();
      return n;
    },
    peer: { name: "node Buffer.from(base64), no framing", run: () => Buffer.from(endPaddedText, "base64") },
  },
  {
    name: "grpc-web/decode/trailer-block",
    bytes: block.length,
    ours: () => decodeTrailerBlock(block),
    peer: { name: "@connectrpc/connect trailerParse", run: () => trailerParse(block) },
  },
];
