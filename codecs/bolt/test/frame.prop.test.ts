import { CodecError } from "@tribridge/core";
import { JavaMap } from "@tribridge/hessian2";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BoltFrame,
  decodeFrame,
  decodeHeaderMap,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeFrame,
  encodeHeaderMap,
  encodeSofaRequest,
  FrameSplitter,
} from "../src/index.js";

/** No lone surrogates (they cannot survive UTF-8). */
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

const arbFrame: fc.Arbitrary<BoltFrame> = fc
  .record({
    protocol: fc.constantFrom(1, 2),
    protocolVersion: fc.constantFrom(1, 2),
    switches: fc.nat(255),
    type: fc.constantFrom(0, 1, 2),
    cmdCode: fc.constantFrom(0, 1, 2, 0xffff),
    cmdVersion: fc.nat(255),
    requestId: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    codec: fc.nat(255),
    timeout: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    status: fc.nat(0xffff),
    className: fc.string({ maxLength: 20 }).filter((s) => wellFormed(s)),
    header: fc.uint8Array({ maxLength: 40 }),
    content: fc.uint8Array({ maxLength: 80 }),
  })
  .map((f) => {
    // v1 has no version or switch byte; requests carry timeout, responses status.
    const common = f.protocol === 1 ? { ...f, protocolVersion: 1, switches: 0 } : f;
    return f.type === 0 ? { ...common, timeout: 0 } : { ...common, status: 0 };
  });

function cut(stream: Uint8Array, points: number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((p) => p % (stream.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of sorted) {
    out.push(stream.subarray(prev, p));
    prev = p;
  }
  out.push(stream.subarray(prev));
  return out;
}

const typedOnly = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
  }
};

describe("Bolt properties", () => {
  it("frames round trip (v1, v2, with and without CRC)", () => {
    fc.assert(
      fc.property(arbFrame, (f) => {
        const bytes = encodeFrame(f);
        const { head: _h, ...d } = decodeFrame(bytes);
        expect({ ...d, header: [...d.header], content: [...d.content] }).toEqual({
          ...f,
          header: [...f.header],
          content: [...f.content],
        });
        expect(encodeFrame(d)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it("the splitter gives the same frames however the stream is cut", () => {
    fc.assert(
      fc.property(fc.array(arbFrame, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (frames, points) => {
        const encoded = frames.map((f) => encodeFrame(f));
        const s = new FrameSplitter();
        const got: string[] = [];
        for (const chunk of cut(Buffer.concat(encoded), points)) {
          for (const f of s.push(chunk)) got.push(Buffer.from(f.bytes).toString("hex"));
        }
        expect(got).toEqual(encoded.map((f) => Buffer.from(f).toString("hex")));
        expect(s.buffered).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("header maps round trip", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== "__proto__"),
          fc.string(),
        ),
        (m) => {
          const pairs = Object.entries(m).filter(([k, v]) => wellFormed(k) && wellFormed(v));
          expect([...decodeHeaderMap(encodeHeaderMap(new Map(pairs)))]).toEqual(pairs);
        },
      ),
    );
  });

  it("arbitrary bytes give frames or typed codec errors only, at every layer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 5 }), (bytes, points) => {
        const s = new FrameSplitter({ maxBodyLength: 1000 });
        typedOnly(() => {
          for (const c of cut(bytes, points)) for (const f of s.push(c)) decodeFrame(f.bytes, 0, 0, f.head);
        });
        typedOnly(() => decodeHeaderMap(bytes));
        typedOnly(() => decodeSofaRequest(bytes));
        typedOnly(() => decodeSofaResponse(bytes));
        for (const dialect of ["hessian2", "hessian3"] as const) {
          typedOnly(() => decodeSofaRequest(bytes, { dialect }));
          typedOnly(() => decodeSofaResponse(bytes, { dialect }));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("mutated SOFA requests give values or typed errors only", () => {
    const content = encodeSofaRequest(
      {
        targetServiceUniqueName: "a.B:1.0",
        methodName: "m",
        methodArgSigs: ["java.lang.String", "java.util.Map"],
        targetAppName: null,
        requestProps: new JavaMap(null, [["k", "v"]]),
        args: ["x", new JavaMap(null, [[1, 2n]])],
      },
      { dialect: "hessian3" },
    );
    fc.assert(
      fc.property(fc.nat(content.length - 1), fc.nat(255), (at, b) => {
        const m = content.slice();
        m[at] = b;
        typedOnly(() => decodeSofaRequest(m));
      }),
      { numRuns: 1000 },
    );
  });
});
