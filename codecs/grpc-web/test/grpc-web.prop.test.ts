import { DecodeError } from "@tribridge/core";
import {
  encodeMessageFrame,
  encodeTextChunk,
  encodeTrailerFrame,
  GrpcWebDecoder,
  type GrpcWebFrame,
} from "@tribridge/grpc-web";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

function cut<T extends { length: number; slice(a: number, b: number): T }>(whole: T, cuts: number[]): T[] {
  const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
  const out: T[] = [];
  let prev = 0;
  for (const p of [...points, whole.length]) {
    out.push(whole.slice(prev, p));
    prev = p;
  }
  return out;
}

const messages = fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 6 });
const summary = (frames: GrpcWebFrame[]) =>
  frames.map((f) => (f.type === "message" ? [...f.data] : f.compressed ? "ct" : [...f.metadata]));

describe("gRPC-Web properties", () => {
  it("text decoder fed arbitrary chunkings of per-frame padded base64 yields the same frames", () => {
    fc.assert(
      fc.property(messages, fc.array(fc.nat(), { maxLength: 10 }), (msgs, cuts) => {
        const frames = [...msgs.map((m) => encodeMessageFrame(m)), encodeTrailerFrame({ "grpc-status": "0" })];
        const text = frames.map(encodeTextChunk).join("");
        const d = new GrpcWebDecoder({ text: true });
        const out = cut(text, cuts).flatMap((c) => d.push(c));
        out.push(...d.end());
        expect(summary(out)).toEqual([...msgs.map((m) => [...m]), [["grpc-status", "0"]]]);
        expect(d.trailersReceived).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("binary decoder fed arbitrary cuts yields the same frames", () => {
    fc.assert(
      fc.property(messages, fc.array(fc.nat(), { maxLength: 10 }), (msgs, cuts) => {
        const parts = [...msgs.map((m) => encodeMessageFrame(m)), encodeTrailerFrame({ "grpc-status": "7" })];
        const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let pos = 0;
        for (const p of parts) {
          body.set(p, pos);
          pos += p.length;
        }
        const d = new GrpcWebDecoder();
        const out = cut(body, cuts).flatMap((c) => d.push(c));
        out.push(...d.end());
        expect(summary(out)).toEqual([...msgs.map((m) => [...m]), [["grpc-status", "7"]]]);
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary bytes and text give frames or DecodeErrors only", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.string({ maxLength: 80 }), fc.boolean(), (b, s, req) => {
        for (const [text, input] of [
          [false, b],
          [true, s],
          [true, b],
        ] as const) {
          const d = new GrpcWebDecoder({ text, role: req ? "request" : "response", maxMessageBytes: 64 });
          try {
            d.push(input);
            d.end();
          } catch (e) {
            expect(e).toBeInstanceOf(DecodeError);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
