import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeFrame,
  decodeHeaderMap,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeFrame,
  encodeHeaderMap,
  encodeSofaRequest,
  encodeSofaRequestFrame,
  encodeSofaResponse,
  encodeSofaResponseFrame,
  SOFA_REQUEST_CLASS,
  SOFA_RESPONSE_CLASS,
  sofaRequestHeader,
  sofaResponseHeader,
} from "../src/index.js";

const root = resolve(import.meta.dirname, "../../../fixtures/bolt");

interface Fixture {
  readonly source: string;
  readonly frames: { direction: string; hex: string }[];
}

/** Decodes a frame down to its SOFA values and encodes it back from them alone. */
function reencode(bytes: Uint8Array): { out: Uint8Array; dialect: string } {
  const f = decodeFrame(bytes);
  const header = encodeHeaderMap(decodeHeaderMap(f.header));
  let content: Uint8Array = f.content;
  let dialect = "-";
  if (f.className === SOFA_REQUEST_CLASS) {
    const d = decodeSofaRequest(f.content);
    dialect = d.dialect;
    content = encodeSofaRequest(d.request, { dialect: d.dialect });
  } else if (f.className === SOFA_RESPONSE_CLASS) {
    const d = decodeSofaResponse(f.content);
    dialect = d.dialect;
    content = encodeSofaResponse(d.response, { dialect: d.dialect });
  }
  const { head: _head, ...fields } = f;
  return { out: encodeFrame({ ...fields, header, content }), dialect };
}

describe.each([
  ["java-smoke-h3.json", "hessian3"],
  ["java-smoke-h4.json", "hessian2"],
])("golden frames %s", (file, dialect) => {
  const fx = JSON.parse(readFileSync(resolve(root, file), "utf8")) as Fixture;

  it("has requests and responses from Java", () => {
    expect(fx.frames.filter((f) => f.direction === "to-provider").length).toBeGreaterThan(20);
    expect(fx.frames.filter((f) => f.direction === "to-consumer").length).toBeGreaterThan(20);
  });

  it("every frame decodes to SOFA values and re-encodes byte for byte", () => {
    let n = 0;
    for (const frame of fx.frames) {
      const bytes = Buffer.from(frame.hex, "hex");
      const r = reencode(bytes);
      if (r.dialect !== "-") expect(r.dialect).toBe(dialect);
      expect(Buffer.from(r.out).toString("hex")).toBe(frame.hex);
      n++;
    }
    expect(n).toBe(fx.frames.length);
  });

  it("whole-frame encoders give encodeFrame's bytes for every Java message, and Java's own when the header matches", () => {
    let same = 0;
    let javaExact = 0;
    for (const frame of fx.frames) {
      const bytes = Buffer.from(frame.hex, "hex");
      const f = decodeFrame(bytes);
      const proto = { protocol: f.protocol, protocolVersion: f.protocolVersion, switches: f.switches };
      let fast: Uint8Array;
      let slow: Uint8Array;
      if (f.className === SOFA_REQUEST_CLASS) {
        const { request, dialect: d } = decodeSofaRequest(f.content);
        const fields = { ...proto, type: f.type, requestId: f.requestId, codec: f.codec, timeout: f.timeout };
        fast = encodeSofaRequestFrame(fields, request, { dialect: d });
        const header = encodeHeaderMap(sofaRequestHeader(request));
        slow = encodeFrame({ ...fields, cmdCode: f.cmdCode, className: f.className, header, content: f.content });
      } else if (f.className === SOFA_RESPONSE_CLASS && f.status === 0) {
        const { response, dialect: d } = decodeSofaResponse(f.content);
        fast = encodeSofaResponseFrame({ ...proto, requestId: f.requestId, codec: f.codec }, response, { dialect: d });
        const header = encodeHeaderMap(sofaResponseHeader(response));
        slow = encodeFrame({ ...f, header, content: f.content });
      } else continue;
      expect(Buffer.from(fast).toString("hex")).toBe(Buffer.from(slow).toString("hex"));
      same++;
      if (Buffer.from(fast).toString("hex") === frame.hex) javaExact++;
    }
    expect(same).toBeGreaterThan(40);
    // Java adds header keys of its own to some frames; the rest must be its exact bytes.
    expect(javaExact).toBeGreaterThan(0);
  });
});
