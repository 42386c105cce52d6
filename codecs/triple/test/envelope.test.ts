import { DecodeError } from "@tribridge/core";
import {
  Code,
  decodeEnvelopes,
  EnvelopeDecoder,
  encodeEnvelope,
  encodeEnvelopeHeader,
  encodeEnvelopes,
  statusFromError,
} from "@tribridge/triple";
import { describe, expect, it } from "vitest";

const msg = (...b: number[]) => Uint8Array.from(b);

describe("envelope framing", () => {
  it("writes flag and big-endian unsigned length", () => {
    expect(encodeEnvelope(0, msg(0xaa, 0xbb))).toEqual(msg(0, 0, 0, 0, 2, 0xaa, 0xbb));
    expect(encodeEnvelopeHeader(1, 0xfffffffe)).toEqual(msg(1, 0xff, 0xff, 0xff, 0xfe));
    expect(() => encodeEnvelopeHeader(256, 0)).toThrow();
    expect(() => encodeEnvelopeHeader(0, 2 ** 32)).toThrow();
  });

  it("decodes several messages from one chunk, zero-length ones included", () => {
    const body = encodeEnvelopes([
      { flags: 0, data: msg(1, 2, 3) },
      { flags: 0, data: msg() },
      { flags: 1, data: msg(9) },
    ]);
    const out = decodeEnvelopes(body);
    expect(out.map((e) => [e.flags, [...e.data]])).toEqual([
      [0, [1, 2, 3]],
      [0, []],
      [1, [9]],
    ]);
  });

  it("reassembles a message whose header and body span chunks", () => {
    const body = encodeEnvelope(0, msg(1, 2, 3, 4, 5, 6));
    const d = new EnvelopeDecoder();
    expect(d.push(body.subarray(0, 2))).toEqual([]);
    expect(d.push(body.subarray(2, 7))).toEqual([]);
    expect(d.idle).toBe(false);
    const out = d.push(body.subarray(7));
    expect(out).toHaveLength(1);
    expect([...(out[0]?.data ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.idle).toBe(true);
    d.end();
  });

  it("checks the size limit from the prefix, before the body arrives", () => {
    const d = new EnvelopeDecoder({ maxMessageBytes: 10 });
    const e = (() => {
      try {
        d.push(msg(0, 0, 0, 0, 11));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).reason).toBe("limit-exceeded");
    expect(statusFromError(e).code).toBe(Code.RESOURCE_EXHAUSTED);
    // The decoder stays failed.
    expect(() => d.push(msg(0))).toThrow(DecodeError);
  });

  it("rejects unknown flags and hints at undecoded gRPC-Web text", () => {
    expect(() => decodeEnvelopes(msg(2, 0, 0, 0, 0))).toThrow(/invalid message flags 0x02/);
    expect(() => decodeEnvelopes(new TextEncoder().encode("AAAAAAVoZWxsbw=="))).toThrow(/base64 text/);
    expect(decodeEnvelopes(msg(0x80, 0, 0, 0, 0), { allowedFlags: [0x80] })).toHaveLength(1);
  });

  it("reports a stream cut inside a message as truncated", () => {
    const d = new EnvelopeDecoder();
    d.push(msg(0, 0, 0, 0, 3, 1));
    expect(() => d.end()).toThrow(/ended after 1/);
    const h = new EnvelopeDecoder();
    h.push(msg(0, 0));
    try {
      h.end();
    } catch (err) {
      expect((err as DecodeError).reason).toBe("truncated");
    }
  });

  it("names the byte offset of a bad header across chunks", () => {
    const d = new EnvelopeDecoder();
    d.push(encodeEnvelope(0, msg(1, 2)));
    try {
      d.push(msg(7, 0, 0, 0, 0));
      expect.unreachable();
    } catch (err) {
      expect((err as DecodeError).offset).toBe(7);
    }
  });
});
