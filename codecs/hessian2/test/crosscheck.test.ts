/**
 * Cross-checks against the npm Hessian implementations a Node user would otherwise pick:
 *
 *   hessian.js 2.x           `encode(obj, '2.0')` / `decode(buf, '2.0')`: final Hessian 2.0 → our `hessian2`
 *   sofa-hessian-node 2.x v3 (hessian.js-1 underneath): Hessian 3.1 draft bytecodes → our `hessian3`
 *   sofa-hessian-node 2.x v4 (hessian.js underneath):   final Hessian 2.0 → our `hessian2`
 *
 * On generated values: theirs → ours (the peer encodes our value, written in its `{ $class, $ }`
 * input language; we must decode exactly the model value) and ours → theirs (we encode; the
 * peer must read the same data, compared in a loose view because the peers' decoders
 * return plain JS: numbers, objects without class names, string keys).
 *
 * Peer limitations, each an explicit constraint of the generator (value({ peer: true }) in
 * describe.ts) or of the conversion below; see FINDINGS.md "npm peers":
 *  P1 `write(NaN)` writes null (hessian.js treats NaN like undefined): every double is passed as
 *     `{ $class: 'double', $: x }`, which writes it properly.
 *  P2 a typed map `{ $class: 'java.util.TreeMap', $: new Map(...) }` is written as an *object*
 *     with no fields (Object.keys of a Map is empty): data loss. Only untyped maps are generated.
 *  P3 no variable-length lists can be expressed; their decoders return plain objects for maps
 *     (keys become strings, so keys are generated distinct as strings) and objects (class
 *     names dropped unless withType), and `__proto__`-like names would hit JS prototypes.
 *  P4 -0.0 is written as the one-byte 0.0 (like Java).
 *  P5 longs beyond ±2^53 decode to decimal strings (the loose view compares them as strings).
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { expect, describe as suite, test } from "vitest";
import {
  type Dialect,
  decode,
  encode,
  type HessianValue,
  JavaDouble,
  JavaList,
  JavaMap,
  JavaObject,
} from "../src/index.js";
import { modelEquals, toHex, value } from "./describe.js";

interface PeerCodec {
  encode(value: unknown, version: "2.0"): Buffer;
  decode(bytes: Buffer, version: "2.0"): unknown;
}

const require = createRequire(import.meta.url);
const hessianJs = require("hessian.js") as PeerCodec;
const sofa = require("sofa-hessian-node") as { v3: PeerCodec; v4: PeerCodec };

const PEERS: readonly { readonly name: string; readonly codec: PeerCodec; readonly dialect: Dialect }[] = [
  { name: "hessian.js", codec: hessianJs, dialect: "hessian2" },
  { name: "sofa-hessian-node v4", codec: sofa.v4, dialect: "hessian2" },
  { name: "sofa-hessian-node v3", codec: sofa.v3, dialect: "hessian3" },
];

const RUNS = { numRuns: 200 } as const;

/** Our model value in the peers' input language; shared containers stay shared (refs). */
function toPeer(root: HessianValue): unknown {
  const cache = new Map<object, unknown>();
  const conv = (v: HessianValue): unknown => {
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return Number.isInteger(v) ? v : { $class: "double", $: v }; // P1
    if (typeof v === "bigint") return { $class: "long", $: v.toString() };
    if (v instanceof JavaDouble) return { $class: "double", $: v.value };
    if (v instanceof Date) return v;
    if (v instanceof Uint8Array) return Buffer.from(v);
    const hit = cache.get(v);
    if (hit !== undefined) return hit;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      cache.set(v, out);
      for (const x of v) out.push(conv(x));
      return out;
    }
    if (v instanceof JavaList) {
      const items: unknown[] = [];
      const out = { $class: v.type ?? "java.util.ArrayList", $: items };
      cache.set(v, out);
      for (const x of v.items) items.push(conv(x));
      return out;
    }
    if (v instanceof JavaMap) {
      const out = new Map<unknown, unknown>();
      cache.set(v, out);
      for (const [k, x] of v.entries) out.set(conv(k), conv(x));
      return out;
    }
    if (v instanceof JavaObject) {
      const fields: Record<string, unknown> = {};
      const out = { $class: v.className, $: fields };
      cache.set(v, out);
      v.fieldNames.forEach((name, i) => {
        fields[name] = conv(v.values[i] as HessianValue);
      });
      return out;
    }
    throw new TypeError(`no peer form for ${String(v)}`);
  };
  return conv(root);
}

type Loose = null | boolean | number | string | Loose[] | { readonly [k: string]: Loose };

/**
 * The loose view both sides can agree on: numbers (int, double, safe long) as numbers
 * (NaN and -0 spelled out), unsafe longs as decimal strings (P5), dates as `{date}`, binary
 * as `{bin}`, lists as arrays, maps and objects as `{entries}` sorted by key. A container met
 * again on the current path (a cycle) is `"<cycle>"`.
 */
function looseModel(root: HessianValue): Loose {
  const path = new Set<object>();
  const num = (n: number): Loose => (Number.isNaN(n) ? "NaN" : Object.is(n, -0) ? 0 : n);
  const conv = (v: HessianValue): Loose => {
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return num(v);
    if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    if (v instanceof JavaDouble) return num(v.value);
    if (v instanceof Date) return { date: v.getTime() };
    if (v instanceof Uint8Array) return { bin: toHex(v) };
    if (path.has(v)) return "<cycle>";
    path.add(v);
    let out: Loose;
    if (Array.isArray(v)) out = v.map(conv);
    else if (v instanceof JavaList) out = v.items.map(conv);
    else if (v instanceof JavaMap) out = entries([...v.entries].map(([k, x]) => [keyString(k), conv(x)]));
    else if (v instanceof JavaObject) out = entries(v.fieldNames.map((n, i) => [n, conv(v.values[i] as HessianValue)]));
    else throw new TypeError(`unexpected ${String(v)}`);
    path.delete(v);
    return out;
  };
  return conv(root);
}

function keyString(k: HessianValue): string {
  if (typeof k === "bigint" || typeof k === "number" || typeof k === "string") return String(k);
  throw new TypeError(`unexpected map key ${String(k)}`);
}

function entries(list: [string, Loose][]): Loose {
  return { entries: list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v]) };
}

/** The loose view of what a peer decoder returned. */
function loosePeer(root: unknown): Loose {
  const path = new Set<object>();
  const conv = (v: unknown): Loose => {
    if (v === null || v === undefined) return null;
    if (typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? 0 : v;
    if (v instanceof Date) return { date: v.getTime() };
    if (Buffer.isBuffer(v)) return { bin: v.toString("hex") };
    if (typeof v !== "object") throw new TypeError(`unexpected peer value ${String(v)}`);
    if (path.has(v)) return "<cycle>";
    path.add(v);
    let out: Loose;
    if (Array.isArray(v)) out = v.map(conv);
    else if (v instanceof Map) out = entries([...v.entries()].map(([k, x]) => [String(k), conv(x)]));
    else out = entries(Object.keys(v).map((k) => [k, conv((v as Record<string, unknown>)[k])]));
    path.delete(v);
    return out;
  };
  return conv(root);
}

for (const peer of PEERS) {
  const { dialect } = peer;
  suite(`${peer.name} ↔ ours (${dialect})`, () => {
    test("theirs → ours: we decode exactly the value they were given", () => {
      fc.assert(
        fc.property(value({ maxDepth: 3, sharing: true, peer: true }), (v) => {
          const theirs = peer.codec.encode(toPeer(v), "2.0");
          const ours = decode(new Uint8Array(theirs), { dialect });
          const diff = modelEquals(v, ours, { negativeZeroDoubleBecomesZero: true }); // P4
          if (diff !== undefined) throw new Error(`${diff}; peer bytes ${theirs.toString("hex").slice(0, 200)}`);
        }),
        RUNS,
      );
    });

    test("ours → theirs: they read the same data from our bytes", () => {
      fc.assert(
        fc.property(value({ maxDepth: 3, sharing: true, peer: true }), (v) => {
          const bytes = encode(v, { dialect });
          const back = peer.codec.decode(Buffer.from(bytes), "2.0");
          expect(loosePeer(back), `our bytes ${toHex(bytes).slice(0, 200)}`).toEqual(looseModel(v));
        }),
        RUNS,
      );
    });
  });
}
