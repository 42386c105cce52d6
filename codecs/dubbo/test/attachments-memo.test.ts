import { type DubboMessage, decodeFrame, encodeFrame, encodeResponseBody, toAttachments } from "@tribridge/dubbo";
import { HessianEncoder, JavaMap, JavaObject } from "@tribridge/hessian2";
import { describe, expect, it } from "vitest";

/** Attachments of string maps are encoded from and decoded to cached bytes; each call still gets its own map. */
describe("attachments memo", () => {
  const request = (args: unknown[], attachments: JavaMap): DubboMessage => ({
    type: "request",
    id: 7n,
    twoWay: true,
    body: {
      dubboVersion: "2.0.2",
      path: "com.example.Memo",
      version: "1.0.0",
      method: "m",
      descriptor: "Ljava/lang/Object;".repeat(args.length),
      args: args as never,
      attachments,
    },
  });

  /** The body as one Hessian stream writes it, no cache involved. */
  function plainBody(msg: DubboMessage & { type: "request" }): string {
    const enc = new HessianEncoder();
    const b = msg.body;
    enc.write(b.dubboVersion).write(b.path).write(b.version).write(b.method).write(b.descriptor);
    for (const a of b.args) enc.write(a);
    enc.write(b.attachments);
    return Buffer.from(enc.finish()).toString("hex");
  }

  it("encodes the same bytes as one plain stream, first time and cached", () => {
    const att = () => toAttachments({ path: "com.example.Memo", timeout: "3000" });
    for (const args of [["a", 1], [null], [new JavaObject("com.example.Dto", ["x"], [1])]]) {
      for (let round = 0; round < 2; round++) {
        const msg = request(args, att()) as DubboMessage & { type: "request" };
        const frame = encodeFrame(msg);
        expect(Buffer.from(frame.subarray(16)).toString("hex")).toBe(plainBody(msg));
      }
    }
  });

  it("an attachments map that is also an argument is still written as a reference", () => {
    const att = toAttachments({ k: "v" });
    const msg = request([att], att) as DubboMessage & { type: "request" };
    const frame = encodeFrame(msg);
    expect(Buffer.from(frame.subarray(16)).toString("hex")).toBe(plainBody(msg));
    const back = decodeFrame(frame);
    expect(back.type === "request" && back.body.attachments.get("k")).toBe("v");
  });

  it("decodes repeated bytes to equal maps that do not share state", () => {
    const frame = encodeFrame(request(["x"], toAttachments({ a: "1", b: "2" })));
    const first = decodeFrame(frame);
    const second = decodeFrame(frame);
    const third = decodeFrame(frame);
    if (first.type !== "request" || second.type !== "request" || third.type !== "request") throw new Error("type");
    expect(second.body).toEqual(first.body);
    second.body.attachments.set("a", "changed");
    expect(third.body.attachments.get("a")).toBe("1");
    expect(third.body.attachments).not.toBe(first.body.attachments);
  });

  it("maps with non-string values or a type are decoded in full each time", () => {
    const typed = new JavaMap("java.util.TreeMap", [["a", "1"]]);
    const numeric = toAttachments({ a: 1 });
    for (const att of [typed, numeric, typed, numeric]) {
      const back = decodeFrame(encodeFrame(request(["x"], att)));
      if (back.type !== "request") throw new Error("type");
      expect(back.body.attachments).toEqual(att);
    }
  });

  it("response attachments come back fresh each time", () => {
    const frame = encodeFrame({
      type: "response",
      id: 1n,
      body: { kind: "value", value: "hello", attachments: toAttachments({ dubbo: "2.0.2" }) },
    });
    const a = decodeFrame(frame);
    const b = decodeFrame(frame);
    if (a.type !== "response" || b.type !== "response") throw new Error("type");
    expect(b.body).toEqual(a.body);
    expect(b.body.attachments).not.toBe(a.body.attachments);
  });
});

describe("response attachments written from cache", () => {
  it("encode the same bytes as one plain stream, and keep the payload limit", () => {
    const att = () => toAttachments({ dubbo: "2.0.2" });
    for (const body of [
      { kind: "value", value: "hello", attachments: att() },
      { kind: "null", attachments: att() },
      { kind: "value", value: new JavaMap(null, [["k", "v"]]), attachments: att() },
    ] as const) {
      for (let round = 0; round < 2; round++) {
        const enc = new HessianEncoder();
        enc.write(body.kind === "value" ? 4 : 5);
        if (body.kind === "value") enc.write(body.value);
        enc.write(body.attachments);
        const plain = Buffer.from(enc.finish()).toString("hex");
        expect(Buffer.from(encodeResponseBody(body)).toString("hex")).toBe(plain);
        const frame = encodeFrame({ type: "response", id: 3n, body });
        expect(Buffer.from(frame.subarray(16)).toString("hex")).toBe(plain);
        expect(() => encodeResponseBody(body, plain.length / 2 - 1)).toThrow(/exceed/);
      }
    }
  });
});
