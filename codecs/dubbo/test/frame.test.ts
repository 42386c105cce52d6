import { DecodeError, EncodeError } from "@tribridge/core";
import {
  decodeFrame,
  encodeFrame,
  heartbeatRequest,
  heartbeatResponse,
  isHeartbeat,
  javaArgs,
  type RequestMessage,
  type ResponseBody,
  STATUS,
  supportsResponseAttachments,
  toAttachments,
  toDescriptor,
} from "@tribridge/dubbo";
import { JavaList, JavaMap, JavaObject } from "@tribridge/hessian2";
import { describe, expect, it } from "vitest";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const str = (s: string) => Buffer.concat([Uint8Array.of(s.length), Buffer.from(s, "latin1")]).toString("hex");

describe("frames over Hessian 2", () => {
  it("encodes the worked request of the dossier byte for byte", () => {
    const msg: RequestMessage = {
      type: "request",
      id: 1n,
      twoWay: true,
      body: {
        dubboVersion: "2.0.2",
        path: "com.foo.Greeter",
        version: "0.0.0",
        method: "sayHello",
        descriptor: toDescriptor(["java.lang.String"]),
        args: ["hi"],
        attachments: toAttachments({ path: "com.foo.Greeter" }),
      },
    };
    const bytes = encodeFrame(msg);
    const body =
      str("2.0.2") + str("com.foo.Greeter") + str("0.0.0") + str("sayHello") + str("Ljava/lang/String;") + str("hi");
    const attachments = `48${str("path")}${str("com.foo.Greeter")}5a`;
    const len = (body.length + attachments.length) / 2;
    expect(hex(bytes)).toBe(`dabbc2000000000000000001${len.toString(16).padStart(8, "0")}${body}${attachments}`);
    const back = decodeFrame(bytes);
    expect(back.type).toBe("request");
    expect(encodeFrame(back)).toEqual(bytes);
  });

  it("encodes the worked response and heartbeats", () => {
    const resp = encodeFrame({
      type: "response",
      id: 7n,
      body: { kind: "value", value: "ok", attachments: toAttachments({ dubbo: "2.0.2" }) },
    });
    expect(hex(resp.subarray(0, 4))).toBe("dabb0214");
    expect(hex(resp.subarray(16))).toBe(`94${str("ok")}48${str("dubbo")}${str("2.0.2")}5a`);
    expect(hex(encodeFrame(heartbeatRequest(5n)))).toBe("dabbe2000000000000000005000000014e");
    expect(hex(encodeFrame(heartbeatResponse(5n)))).toBe("dabb22140000000000000005000000014e");
    expect(isHeartbeat(decodeFrame(encodeFrame(heartbeatRequest(5n))))).toBe(true);
  });

  it("round-trips every response form and an error status", () => {
    const att = new JavaMap(null, [["k", "v"]]);
    const ex = new JavaObject("java.lang.IllegalStateException", ["detailMessage"], ["boom"]);
    const bodies: ResponseBody[] = [
      { kind: "value", value: 1 },
      { kind: "null" },
      { kind: "exception", exception: ex },
      { kind: "value", value: [1, 2], attachments: att },
      { kind: "null", attachments: att },
      { kind: "exception", exception: ex, attachments: att },
    ];
    for (const [i, body] of bodies.entries()) {
      const bytes = encodeFrame({ type: "response", id: BigInt(i), body });
      expect(bytes[16], `type ${i}`).toBe(0x90 + [1, 2, 0, 4, 5, 3][i]!);
      const back = decodeFrame(bytes);
      expect(back.type).toBe("response");
      expect(encodeFrame(back)).toEqual(bytes);
    }
    const err = decodeFrame(encodeFrame({ type: "error", id: 9n, status: STATUS.SERVICE_ERROR, message: "nope" }));
    expect(err).toEqual({ type: "error", id: 9n, status: 70, message: "nope" });
  });

  it("refuses other serializations naming the id, and oversize bodies on encode", () => {
    const bytes = encodeFrame(heartbeatRequest(1n));
    bytes[2] = (bytes[2]! & 0xe0) | 23;
    expect(() => decodeFrame(bytes)).toThrow(/serialization id 23 \(fastjson2\)/);
    try {
      decodeFrame(bytes);
    } catch (e) {
      expect((e as DecodeError).reason).toBe("unsupported");
    }
    expect(() =>
      encodeFrame({ type: "response", id: 1n, body: { kind: "value", value: "x".repeat(100) } }, { maxBodyLength: 50 }),
    ).toThrow(EncodeError);
  });

  it("reads the argument count from the descriptor, primitives included", () => {
    const types = ["int", "long", "java.lang.String", "int[]", "java.math.BigDecimal", "com.x.User"];
    const args = javaArgs([1, 2n ** 60n, "s", [1, 2], "1.50", { name: "n" }], types);
    const msg: RequestMessage = {
      type: "request",
      id: -1n,
      twoWay: true,
      body: {
        dubboVersion: "2.0.2",
        path: "com.x.S",
        version: "1.0.0",
        method: "m",
        descriptor: toDescriptor(types),
        args,
        attachments: toAttachments({ group: "g1" }),
      },
    };
    const back = decodeFrame(encodeFrame(msg)) as RequestMessage;
    expect(back.body.args).toHaveLength(6);
    expect(back.body.args[1]).toBe(2n ** 60n);
    expect(back.body.args[3]).toBeInstanceOf(JavaList);
    expect((back.body.args[5] as JavaObject).className).toBe("com.x.User");
    expect(back.body.attachments.get("group")).toBe("g1");
  });

  it("gates response attachments on the caller's protocol version", () => {
    expect(supportsResponseAttachments("2.0.2")).toBe(true);
    expect(supportsResponseAttachments("2.0.99")).toBe(true);
    expect(supportsResponseAttachments("2.0.1")).toBe(false);
    expect(supportsResponseAttachments("2.6.2")).toBe(false);
    expect(supportsResponseAttachments("")).toBe(false);
  });

  it("truncated frames are typed errors", () => {
    const bytes = encodeFrame(heartbeatRequest(1n));
    expect(() => decodeFrame(bytes.subarray(0, 16))).toThrow(DecodeError);
  });
});
