import { CodecError } from "@tribridge/core";
import { type DubboMessage, decodeFrame, encodeFrame, toAttachments } from "@tribridge/dubbo";
import type { HessianValue } from "@tribridge/hessian2";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const id = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const scalar: fc.Arbitrary<HessianValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.string({ maxLength: 20 }),
);
const attachments = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 });

const message: fc.Arbitrary<DubboMessage> = fc.oneof(
  fc
    .record({
      id,
      twoWay: fc.boolean(),
      method: fc.string({ maxLength: 10 }),
      args: fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
      att: attachments,
    })
    .map(
      ({ id, twoWay, method, args, att }): DubboMessage => ({
        type: "request",
        id,
        twoWay,
        body: {
          dubboVersion: "2.0.2",
          path: "a.B",
          version: "0.0.0",
          method,
          descriptor: "Ljava/lang/String;".repeat(args.length),
          args,
          attachments: toAttachments(att),
        },
      }),
    ),
  fc.record({ id, value: scalar, att: fc.option(attachments) }).map(
    ({ id, value, att }): DubboMessage => ({
      type: "response",
      id,
      body: att === null ? { kind: "value", value } : { kind: "value", value, attachments: toAttachments(att) },
    }),
  ),
  fc
    .record({ id, status: fc.constantFrom(25, 40, 50, 60, 70, 80, 90, 100), message: fc.string({ maxLength: 30 }) })
    .map(({ id, status, message }): DubboMessage => ({ type: "error", id, status, message })),
  fc.record({ id, request: fc.boolean(), data: fc.constantFrom<HessianValue>(null, "R", "W") }).map(
    ({ id, request, data }): DubboMessage => ({
      type: "event",
      id,
      request,
      twoWay: request && data === null,
      status: request ? 0 : 20,
      data,
    }),
  ),
);

describe("frame properties", () => {
  it("encode → decode → encode is the identity on bytes", () => {
    fc.assert(
      fc.property(message, (msg) => {
        const bytes = encodeFrame(msg);
        expect(encodeFrame(decodeFrame(bytes))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary bodies behind a valid header give typed errors only", () => {
    fc.assert(
      fc.property(fc.constantFrom(0xc2, 0x82, 0xe2, 0x02, 0x22), fc.uint8Array({ maxLength: 100 }), (flag, body) => {
        const frame = new Uint8Array(16 + body.length);
        frame.set([0xda, 0xbb, flag, flag & 0x80 ? 0 : 20]);
        new DataView(frame.buffer).setInt32(12, body.length);
        frame.set(body, 16);
        try {
          decodeFrame(frame);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
