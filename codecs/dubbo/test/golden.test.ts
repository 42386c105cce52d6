import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { decodeFrame, encodeFrame, FrameSplitter } from "@tribridge/dubbo";
import { describe, expect, it } from "vitest";

/**
 * Frames Apache Dubbo Java 3.3 wrote (interop/java/dubbo-peer), captured on the wire by
 * test/interop/dubbo.interop.test.ts with UPDATE_DUBBO_FIXTURES=1.
 */
const file = resolve(import.meta.dirname, "../../../fixtures/dubbo/java-frames.json");
const frames: { writer: string; hex: string }[] = JSON.parse(readFileSync(file, "utf8"));

describe("golden frames from Apache Dubbo Java", () => {
  it("the capture holds requests, responses and heartbeats", () => {
    expect(frames.length).toBeGreaterThan(50);
  });

  it.each(
    frames.map((f, i) => [i, f.writer, f.hex.slice(0, 8), f.hex] as const),
  )("#%i (%s, %s) decodes and re-encodes byte for byte", (_i, _writer, _flags, hex) => {
    const bytes = Buffer.from(hex, "hex");
    const msg = decodeFrame(bytes);
    expect(Buffer.from(encodeFrame(msg)).toString("hex")).toBe(hex);
  });

  it("the whole capture splits back into the same frames", () => {
    const stream = Buffer.concat(frames.map((f) => Buffer.from(f.hex, "hex")));
    const s = new FrameSplitter();
    const got: string[] = [];
    for (let i = 0; i < stream.length; i += 7)
      for (const f of s.push(stream.subarray(i, i + 7))) got.push(Buffer.from(f.bytes).toString("hex"));
    expect(got).toEqual(frames.map((f) => f.hex));
  });

  it("request bodies read past a known prefix decode exactly as read from the start", () => {
    let matched = 0;
    for (const round of [1, 2]) {
      for (const f of frames) {
        const bytes = Buffer.from(f.hex, "hex");
        // `limits` set (even empty) always reads the whole body.
        const whole = decodeFrame(bytes, { limits: {} });
        expect(decodeFrame(bytes), `round ${round}`).toEqual(whole);
        if (round === 2 && whole.type === "request") matched++;
      }
    }
    expect(matched).toBeGreaterThan(20);
  });
});
