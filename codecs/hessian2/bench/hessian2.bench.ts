/**
 * Hessian 2 encode/decode against the npm implementations, on the same values:
 *
 *   `hessian2/<op>/<input>`                       ours (dialect hessian2) vs hessian.js 2.x ('2.0')
 *   `hessian2/<op>/<input>:sofa-hessian-node(h3)`  ours (dialect hessian3) vs sofa-hessian-node v3,
 *        SOFARPC's default wire (Hessian 3.1 draft); POJO inputs go through its precompiled
 *        `encode(obj, '2.0', classMap)` path, which is how SOFA's Node clients use it.
 *
 * Peer inputs use `{ $class, $ }` so both sides write the same Java types (long id, double
 * score, a typed object). Decode cases decode the same bytes on both sides: the ones our
 * encoder wrote, checked at load time to be readable by the peer.
 * `bytes` is the size of our encoding (MB/s is the same formula for both sides).
 */
import { createRequire } from "node:module";
import type { BenchCase } from "../../../scripts/bench-api.js";
import {
  type Dialect,
  decode,
  decodeAll,
  decodeAllJs,
  decodeJs,
  encode,
  encodeAll,
  type HessianValue,
  JavaMap,
  JavaObject,
} from "../src/index.js";

interface PeerEncoder {
  reset(): PeerEncoder;
  write(value: unknown): PeerEncoder;
  get(): Buffer;
}
interface PeerDecoder {
  /** `withType` keeps Java class names, as our typed model does; without it, plain JS values. */
  read(withType?: boolean): unknown;
  byteBuffer: { position(): number };
}
interface HessianJs {
  encode(value: unknown, version: "2.0"): Buffer;
  decode(bytes: Buffer, version: "2.0"): unknown;
  EncoderV2: new (options?: { size: number }) => PeerEncoder;
  DecoderV2: new (bytes: Buffer) => PeerDecoder;
}
interface SofaCodec {
  encode(value: unknown, version: "2.0", classMap?: unknown): Buffer;
  decode(bytes: Buffer, version: "2.0"): unknown;
  Encoder: new (options?: { size: number }) => PeerEncoder;
  Decoder: new (bytes: Buffer) => PeerDecoder;
}

const require = createRequire(import.meta.url);
const hessianJs = require("hessian.js") as HessianJs;
const sofa = (require("sofa-hessian-node") as { v3: SofaCodec }).v3;

const USER_FIELDS = ["id", "name", "email", "tags", "createdAt", "score"] as const;
const TAGS = ["alpha", "beta", "gamma", "delta", "epsilon"];

/** sofa-hessian-node's class description of com.example.User (interop/java/hessian-common). */
const CLASS_MAP = {
  "com.example.User": {
    id: { type: "long" },
    name: { type: "java.lang.String" },
    email: { type: "java.lang.String" },
    tags: { type: "java.util.List", generic: [{ type: "java.lang.String" }] },
    createdAt: { type: "java.util.Date" },
    score: { type: "double" },
  },
};

interface Input {
  readonly label: string;
  /** Our typed model value(s); several = one stream (an RPC body). */
  readonly ours: readonly HessianValue[];
  /** The same values in hessian.js's input language. */
  readonly peer: readonly unknown[];
  /** sofa-hessian-node's precompiled form (`{ $class, $ }` + classMap), when it has one. */
  readonly sofaCompiled?: unknown;
}

function userModel(id: number): JavaObject {
  return new JavaObject("com.example.User", USER_FIELDS, [
    BigInt(id),
    `user-${id}`,
    `user${id}@example.com`,
    [...TAGS],
    new Date(1700000000000 + id * 1000),
    98.5 + id,
  ]);
}

function userPlain(id: number) {
  return {
    id,
    name: `user-${id}`,
    email: `user${id}@example.com`,
    tags: [...TAGS],
    createdAt: new Date(1700000000000 + id * 1000),
    score: 98.5 + id,
  };
}

function userPeer(id: number) {
  const u = userPlain(id);
  return {
    $class: "com.example.User",
    $: { ...u, id: { $class: "long", $: String(id) }, score: { $class: "double", $: u.score } },
  };
}

function ascii(n: number): string {
  let s = "";
  const unit = "The quick brown fox jumps over the lazy dog. ";
  while (s.length < n) s += unit;
  return s.slice(0, n);
}

function inputs(): Input[] {
  const attachments: [string, string][] = [
    ["path", "com.example.UserService"],
    ["interface", "com.example.UserService"],
    ["version", "0.0.0"],
    ["timeout", "3000"],
  ];
  const text = ascii(64 * 1024);
  const bin = new Uint8Array(1024 * 1024);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 31 + 7) & 0xff;
  const mapEntries: [string, number][] = Array.from({ length: 1000 }, (_, i) => [`key-${i}`, i * 7]);
  const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
  return [
    {
      label: "rpc-args",
      ours: ["com.example.UserService", "getUser", 42, true, new JavaMap(null, attachments)],
      peer: ["com.example.UserService", "getUser", 42, true, new Map(attachments)],
    },
    {
      label: "pojo-user",
      ours: [userModel(42)],
      peer: [userPeer(42)],
      sofaCompiled: { $class: "com.example.User", $: userPlain(42) },
    },
    {
      label: "pojo-list-1000",
      ours: [ids.map(userModel)],
      peer: [ids.map(userPeer)],
      sofaCompiled: { $class: "java.util.List", $: ids.map(userPlain), generic: [{ type: "com.example.User" }] },
    },
    { label: "string-64k", ours: [text], peer: [text] },
    { label: "binary-1m", ours: [bin], peer: [Buffer.from(bin.buffer, bin.byteOffset, bin.byteLength)] },
    {
      label: "map-1000",
      ours: [new JavaMap(null, mapEntries)],
      peer: [new Map(mapEntries)],
    },
  ];
}

function oursEncode(values: readonly HessianValue[], dialect: Dialect): () => Uint8Array {
  const only = values[0];
  return values.length === 1 ? () => encode(only, { dialect }) : () => encodeAll(values, { dialect });
}

function oursDecode(bytes: Uint8Array, count: number, dialect: Dialect): () => unknown {
  return count === 1 ? () => decode(bytes, { dialect }) : () => decodeAll(bytes, { dialect });
}

function peerEncode(Encoder: new (options?: { size: number }) => PeerEncoder, values: readonly unknown[]) {
  const enc = new Encoder({ size: 1024 * 1024 });
  return () => {
    enc.reset();
    for (const v of values) enc.write(v);
    return enc.get();
  };
}

function peerDecode(Decoder: new (bytes: Buffer) => PeerDecoder, bytes: Buffer, count: number, withType = false) {
  return () => {
    const d = new Decoder(bytes);
    let last: unknown;
    for (let i = 0; i < count; i++) last = d.read(withType);
    return last;
  };
}

function oursDecodeJs(bytes: Uint8Array, count: number, dialect: Dialect): () => unknown {
  // The one-shot calls, as `oursDecode` uses `decode` and `decodeAll`.
  if (count === 1) return () => decodeJs(bytes, { dialect });
  return () => decodeAllJs(bytes, { dialect });
}

function buildCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const input of inputs()) {
    const n = input.ours.length;

    // hessian.js, final Hessian 2.0
    const h2 = oursEncode(input.ours, "hessian2")();
    const h2buf = Buffer.from(h2.buffer, h2.byteOffset, h2.byteLength);
    peerDecode(hessianJs.DecoderV2, h2buf, n)(); // our bytes must be readable by the peer
    const hjsEncode = peerEncode(hessianJs.EncoderV2, input.peer);
    decodeAll(new Uint8Array(hjsEncode()), { dialect: "hessian2" }); // and theirs by us
    cases.push({
      name: `hessian2/encode/${input.label}`,
      bytes: h2.length,
      ours: oursEncode(input.ours, "hessian2"),
      peer: { name: "hessian.js", run: hjsEncode },
    });
    // Like for like: our lossless model against hessian.js with class names kept, and our
    // JS view against hessian.js's plain values.
    cases.push({
      name: `hessian2/decode/${input.label}`,
      bytes: h2.length,
      ours: oursDecode(h2, n, "hessian2"),
      peer: { name: "hessian.js withType", run: peerDecode(hessianJs.DecoderV2, h2buf, n, true) },
    });
    cases.push({
      name: `hessian2/decode-js/${input.label}`,
      bytes: h2.length,
      ours: oursDecodeJs(h2, n, "hessian2"),
      peer: { name: "hessian.js", run: peerDecode(hessianJs.DecoderV2, h2buf, n) },
    });

    // sofa-hessian-node v3, Hessian 3.1 draft (SOFARPC's default)
    const h3 = oursEncode(input.ours, "hessian3")();
    const h3buf = Buffer.from(h3.buffer, h3.byteOffset, h3.byteLength);
    peerDecode(sofa.Decoder, h3buf, n)();
    const compiled = input.sofaCompiled;
    const sofaEncode =
      compiled === undefined ? peerEncode(sofa.Encoder, input.peer) : () => sofa.encode(compiled, "2.0", CLASS_MAP);
    decodeAll(new Uint8Array(sofaEncode()), { dialect: "hessian3" });
    cases.push({
      name: `hessian2/encode/${input.label}:sofa-hessian-node(h3)`,
      bytes: h3.length,
      ours: oursEncode(input.ours, "hessian3"),
      peer: { name: compiled === undefined ? "sofa-hessian-node" : "sofa-hessian-node compiled", run: sofaEncode },
    });
    cases.push({
      name: `hessian2/decode/${input.label}:sofa-hessian-node(h3)`,
      bytes: h3.length,
      ours: oursDecode(h3, n, "hessian3"),
      peer: { name: "sofa-hessian-node", run: peerDecode(sofa.Decoder, h3buf, n) },
    });
  }
  // Decoding without copying where the caller allows it: an unchunked binary (Java writers
  // chunk above their 8 KiB buffer) comes back as a view into the input.
  const bin = new Uint8Array(4000).map((_, i) => (i * 31 + 7) & 0xff);
  const binBytes = oursEncode([bin], "hessian2")();
  const binBuf = Buffer.from(binBytes.buffer, binBytes.byteOffset, binBytes.byteLength);
  cases.push({
    name: "hessian2/decode/binary-4k (copyBinary: false)",
    bytes: binBytes.length,
    ours: () => decode(binBytes, { copyBinary: false }),
    peer: { name: "hessian.js withType", run: peerDecode(hessianJs.DecoderV2, binBuf, 1, true) },
  });
  return cases;
}

export const cases = (): Promise<readonly BenchCase[]> => Promise.resolve(buildCases());
