import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { HessianEncoder, JavaList, JavaMap, JavaObject } from "@tribridge/hessian2";
import { describe, expect, it } from "vitest";
import {
  decodeFrame,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeSofaRequest,
  encodeSofaResponse,
  SOFA_REQUEST_CLASS,
  SOFA_RESPONSE_CLASS,
  type SofaRequest,
  sofaRequestObject,
} from "../src/index.js";

// `limits: {}` forces the generic path: the matched path must give exactly its answers.
const generic = { limits: {} };

describe("decoding past the matched constant bytes", () => {
  it.each([
    "java-smoke-h3.json",
    "java-smoke-h4.json",
  ])("agrees with the generic path on every Java frame of %s", (file) => {
    const fx = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../fixtures/bolt", file), "utf8")) as {
      frames: { hex: string }[];
    };
    for (const round of [1, 2]) {
      for (const frame of fx.frames) {
        const f = decodeFrame(Buffer.from(frame.hex, "hex"));
        if (f.className === SOFA_REQUEST_CLASS) {
          expect(decodeSofaRequest(f.content), `round ${round}`).toEqual(decodeSofaRequest(f.content, generic));
        } else if (f.className === SOFA_RESPONSE_CLASS && f.status === 0) {
          expect(decodeSofaResponse(f.content)).toEqual(decodeSofaResponse(f.content, generic));
        }
      }
    }
  });

  const base: Omit<SofaRequest, "args" | "methodArgSigs"> = {
    targetServiceUniqueName: "com.example.Match:1.0",
    methodName: "m",
    targetAppName: null,
    requestProps: new JavaMap(null, [["type", "sync"]]),
  };

  it.each(["hessian2", "hessian3"] as const)("falls back when an argument refers into the bean (%s)", (dialect) => {
    const plain = encodeSofaRequest({ ...base, methodArgSigs: ["java.lang.String"], args: ["x"] }, { dialect });
    decodeSofaRequest(plain); // the shape is now known
    expect(decodeSofaRequest(plain)).toEqual(decodeSofaRequest(plain, generic));
    // A back reference to the bean itself (reference 0), then to the props map.
    const r = { ...base, methodArgSigs: ["java.lang.Object", "java.lang.Object"], args: [] };
    const bean = sofaRequestObject(r);
    const enc = new HessianEncoder({ dialect });
    enc.write(bean).write(bean).write(r.requestProps);
    const content = enc.finish();
    const d = decodeSofaRequest(content);
    expect(d).toEqual(decodeSofaRequest(content, generic));
    expect((d.request.args[0] as JavaObject).className).toBe(SOFA_REQUEST_CLASS);
    expect(d.request.args[1]).toBeInstanceOf(JavaMap);
  });

  it.each([
    "hessian2",
    "hessian3",
  ] as const)("falls back for objects and lists, whose class indexes shift (%s)", (dialect) => {
    const user = new JavaObject("com.example.User", ["id", "name"], [1, "a"]);
    const r: SofaRequest = {
      ...base,
      methodArgSigs: ["com.example.User", "java.util.List", "java.lang.String"],
      args: [user, new JavaList(null, [user, 2]), "s"],
    };
    const content = encodeSofaRequest(r, { dialect });
    decodeSofaRequest(content);
    const d = decodeSofaRequest(content);
    expect(d).toEqual(decodeSofaRequest(content, generic));
    expect(d.request.args[0]).toEqual(user);
  });

  it.each(["hessian2", "hessian3"] as const)("reads responses with a leaf value or fall back (%s)", (dialect) => {
    const values = [
      "hello",
      42,
      null,
      2n ** 60n,
      new JavaObject("com.example.User", ["id"], [1]),
      new JavaList(null, [1]),
    ];
    for (const appResponse of values) {
      for (const responseProps of [null, new JavaMap(null, [["k", "v"]])]) {
        const content = encodeSofaResponse({ isError: false, errorMsg: null, appResponse, responseProps }, { dialect });
        expect(decodeSofaResponse(content)).toEqual(decodeSofaResponse(content, generic));
      }
    }
  });
});
