/**
 * `decodeJs` / `readJs` read straight into the JS view (read-h4-js.ts); `toJs(decode(...))`
 * converts the model. Both must give the same values with the same sharing, for every
 * option combination: golden bytes from Java, generated trees with shared references and
 * cycles, and the shapes the direct reader treats specially.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decode,
  decodeAllJs,
  decodeJs,
  encode,
  encodeAll,
  HessianDecoder,
  JavaList,
  JavaMap,
  JavaObject,
  java,
  type ToJsOptions,
  toJs,
} from "../src/index.js";
import { fromHex, value } from "./describe.js";

const OPTIONS: readonly (ToJsOptions | undefined)[] = [
  undefined,
  { maps: "object" },
  { maps: "map", enums: "name" },
  { long: "bigint", bigInteger: "bigint", bigDecimal: "object" },
  { long: "string", bigInteger: "object", enums: "name" },
  { long: "number" },
];

/** Structural equality that also requires the same sharing (a bijection between objects) and prototypes. */
function sameView(a: unknown, b: unknown, pairs = new Map<object, object>()): string | undefined {
  if (typeof a !== typeof b) return `type ${typeof a} vs ${typeof b}`;
  if (typeof a !== "object" || a === null || b === null) {
    return Object.is(a, b) || (typeof a === "number" && a === b) ? undefined : `${String(a)} vs ${String(b)}`;
  }
  const o = b as object;
  const seen = pairs.get(a);
  if (seen !== undefined) return seen === o ? undefined : "sharing differs";
  pairs.set(a, o);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(o)) return "prototype differs";
  if (a instanceof Date) return Object.is(a.getTime(), (o as Date).getTime()) ? undefined : "date";
  if (a instanceof Uint8Array) return Buffer.compare(a, o as Uint8Array) === 0 ? undefined : "binary";
  if (a instanceof Map) {
    const ea = [...a];
    const eb = [...(o as Map<unknown, unknown>)];
    if (ea.length !== eb.length) return "map size";
    for (let i = 0; i < ea.length; i++) {
      const d = sameView(ea[i]?.[0], eb[i]?.[0], pairs) ?? sameView(ea[i]?.[1], eb[i]?.[1], pairs);
      if (d !== undefined) return `map entry ${i}: ${d}`;
    }
    return undefined;
  }
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(o);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return `keys ${String(ka)} vs ${String(kb)}`;
  for (const k of ka) {
    const d = sameView((a as Record<string | symbol, unknown>)[k], (o as Record<string | symbol, unknown>)[k], pairs);
    if (d !== undefined) return `${String(k)}: ${d}`;
  }
  return undefined;
}

function check(bytes: Uint8Array): void {
  for (const options of OPTIONS) {
    let expected: unknown;
    let expectedError: unknown;
    try {
      expected = toJs(decode(bytes), options);
    } catch (e) {
      expectedError = e;
    }
    if (expectedError !== undefined) {
      expect(() => decodeJs(bytes, options)).toThrow();
      continue;
    }
    const d = sameView(expected, decodeJs(bytes, options));
    expect(d, `${JSON.stringify(options)} on ${Buffer.from(bytes).toString("hex").slice(0, 200)}`).toBeUndefined();
  }
}

describe("decodeJs equals toJs(decode)", () => {
  it("on every hessian2 golden case", () => {
    for (const impl of ["hessian-lite", "caucho", "sofa-hessian4"]) {
      const file = new URL(`../../../fixtures/hessian2/${impl}.json`, import.meta.url);
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { cases: { bytes: string; values: unknown[] }[] };
      for (const c of manifest.cases) {
        const bytes = fromHex(c.bytes);
        if (c.values.length === 1) check(bytes);
        const all = new HessianDecoder(bytes);
        const model = new HessianDecoder(bytes);
        while (all.hasMore) expect(sameView(toJs(model.read()), all.readJs())).toBeUndefined();
      }
    }
  });

  it("decodeAllJs reads a stream as HessianDecoder.readJs does, values sharing definitions and references, under each option set", () => {
    fc.assert(
      fc.property(
        fc.array(value({ maxDepth: 3, sharing: true }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...OPTIONS),
        (values, options) => {
          const bytes = encodeAll(values);
          const one = new HessianDecoder(bytes);
          const model = new HessianDecoder(bytes);
          const all = decodeAllJs(bytes, options);
          expect(all.length).toBe(values.length);
          for (const v of all) {
            expect(sameView(toJs(model.read(), options), v)).toBeUndefined();
            expect(sameView(one.readJs(options), v)).toBeUndefined();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on generated trees with shared references and cycles", () => {
    fc.assert(
      fc.property(value({ maxDepth: 4, sharing: true }), (v) => check(encode(v))),
      { numRuns: 400 },
    );
  });

  it("on the shapes read specially", () => {
    const user = java.object("com.x.User", { id: 1n, name: "n", big: 2n ** 60n, amount: java.BigDecimal("1.5") });
    const shadow = new JavaObject("com.x.Sub", ["name", "id", "name"], ["sub", 1, "base"]);
    const nonStringDecimal = new JavaObject("java.math.BigDecimal", ["value"], [5]);
    const cyclicMap = new JavaMap(null);
    cyclicMap.set("self", cyclicMap);
    cyclicMap.set(1, "one");
    const cyclicList = new JavaList("java.util.HashSet", []);
    const keyed = new JavaMap("java.util.TreeMap", [
      ["10", cyclicList],
      ["2", 2],
    ]);
    cyclicList.items.push(keyed, cyclicList);
    const bigInt = java.BigInteger("-98765432109876543210");
    const sharedBig = [bigInt, bigInt, new JavaObject("x.Holder", ["a", "b"], [bigInt, user])];
    const longs = [
      0n,
      -8n,
      15n,
      2047n,
      -262144n,
      2n ** 31n - 1n,
      2n ** 53n - 1n,
      -(2n ** 53n) + 1n,
      2n ** 53n,
      -(2n ** 63n),
    ];
    for (const v of [user, shadow, nonStringDecimal, cyclicMap, keyed, cyclicList, sharedBig, longs]) {
      check(encode(v));
      check(encode([v, v]));
    }
    check(encode(java.enum("x.Color", "RED")));
    check(encode(new JavaMap(null, [[java.BigDecimal("1"), 1]])));
  });
});
