/**
 * The speed paths must be invisible: the short-string table, the pooled one-shot decoder
 * state, the classes compiled for the JS view and the encoder's small index tables give the
 * same results as the general code, on the inputs most likely to trip them.
 */

import { DEFAULT_DECODE_LIMITS } from "@tribridge/core";
import { describe, expect, it } from "vitest";
import { ClassDef, DecodeState } from "../src/decode-state.js";
import { hessianReader } from "../src/errors.js";
import {
  decode,
  decodeAll,
  decodeJs,
  encode,
  encodeAll,
  HessianDecoder,
  HessianEncoder,
  type HessianValue,
  JavaList,
  JavaObject,
  java,
  javaClass,
  jsViewPrototype,
  toJs,
} from "../src/index.js";
import { COMPILE_AFTER, COMPILE_BUDGET } from "../src/js-shapes.js";
import { asciiRun, asciiString } from "../src/short-strings.js";
import { reasonOf } from "./reason-of.js";

const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/ /g, ""), "hex"));

describe("short-string table", () => {
  it("tells apart strings that agree in length and in the bytes that pick the slot", () => {
    // Same length, first, middle and last byte: same slot, different strings.
    const family = ["aXbXc", "aYbYc", "aZbZc", "aXbYc", "aYbXc"];
    for (let round = 0; round < 3; round++) {
      for (const s of family) expect(decode(encode(s))).toBe(s);
    }
  });

  it("tells apart strings of every direct length that differ in any one byte", () => {
    // The table compares four bytes to a word: a difference in each position of each word,
    // the zero-padded last one included, must miss. First, middle and last byte stay the same
    // where possible, so the variants share a slot.
    for (let len = 1; len <= 31; len++) {
      const base = "k".repeat(len);
      const variants = [base];
      for (let at = 0; at < len; at++) variants.push(`${base.slice(0, at)}q${base.slice(at + 1)}`);
      for (let round = 0; round < 6; round++) {
        for (const v of variants) {
          expect(decode(encode(v))).toBe(v);
          expect(decode(encode([v, v]))).toEqual([v, v]);
        }
      }
    }
  });

  it("builds missed strings the same with and without generated code", () => {
    const buf = new Uint8Array(40);
    for (let n = 1; n <= 31; n++) {
      for (let at = -1; at < n; at++) {
        for (let i = 0; i < buf.length; i++) buf[i] = 0x61 + ((i * 7) % 26);
        if (at >= 0) buf[2 + at] = 0xc3;
        const expected = at >= 0 ? undefined : String.fromCharCode(...buf.subarray(2, 2 + n));
        expect(asciiString(buf, 2, n)).toBe(expected);
        expect(asciiRun(buf, 2, n)).toBe(expected);
      }
    }
  });

  it("never answers a non-ASCII string from the table, nor enters one", () => {
    // Each pair has the same unit count; the multi-byte one must not match the ASCII one.
    const pairs: [string, string][] = [
      ["e", "é"],
      ["ab", "a\u0800"],
      ["x", "\ud83d"],
      ["hello", "hellö"],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [ascii, other] of pairs) {
        expect(decode(encode(ascii))).toBe(ascii);
        expect(decode(encode(other))).toBe(other);
        expect(decodeJs(encode(other))).toBe(other);
        expect(decode(encode(ascii))).toBe(ascii);
      }
    }
    // 0xc3 0xa9 ("é") read as one unit must not come back as a cached one-unit string.
    expect(decode(bytes("01 c3 a9"))).toBe("é");
  });

  it("keeps the limits and the truncation errors of a cached string", () => {
    const name = "cached-name";
    expect(decode(encode(name))).toBe(name);
    expect(reasonOf(() => decode(encode(name), { limits: { maxStringLength: 4 } }))).toBe("limit-exceeded");
    // The same bytes cut short: the table must not answer past the end of the input.
    const full = encode(name);
    expect(reasonOf(() => decode(full.subarray(0, full.length - 1)))).toBe("truncated");
    expect(reasonOf(() => decode(full, { end: full.length - 3 }))).toBe("truncated");
  });

  it("reads many distinct short strings, repeated, in every position", () => {
    const values = Array.from({ length: 3000 }, (_, i) => `k${i}-${"x".repeat(i % 25)}`);
    const map = new Map(values.map((v, i) => [v, values[(i * 7) % values.length]]));
    for (let round = 0; round < 2; round++) {
      expect(decode(encode(values))).toEqual(values);
      const back = decodeJs(encode(map), { maps: "map" }) as Map<string, string>;
      expect([...back]).toEqual([...map]);
    }
  });
});

describe("pooled one-shot decoder state", () => {
  it("starts every call with empty reference, class and type tables", () => {
    const shared = [1, 2];
    const withRefs = encode([shared, shared, java.object("com.x.A", [["a", 1]]), new JavaList("[int", [1])]);
    expect(decode(withRefs)).toBeDefined();
    expect(decodeJs(withRefs)).toBeDefined();
    // A back reference, an object and a type index with nothing defined in this stream.
    expect(reasonOf(() => decode(bytes("51 90")))).toBe("unknown-ref");
    expect(reasonOf(() => decodeJs(bytes("51 90")))).toBe("unknown-ref");
    expect(reasonOf(() => decode(bytes("60")))).toBe("unknown-ref");
    expect(reasonOf(() => decode(bytes("71 90 90")))).toBe("unknown-ref");
  });

  it("recovers after an error in the middle of a value", () => {
    const good = encode(java.object("com.x.B", [["b", "text"]]));
    for (let i = 1; i < good.length; i++) {
      expect(reasonOf(() => decode(good.subarray(0, i)))).toBe("truncated");
      expect((decode(good) as JavaObject).get("b")).toBe("text");
      expect(decodeAll(good)).toHaveLength(1);
    }
  });

  it("keeps no decoded value reachable once released, and drops large tables", () => {
    const s = new DecodeState(hessianReader(new Uint8Array(0), "hessian2"), DEFAULT_DECODE_LIMITS, true);
    for (let i = 0; i < 10; i++) s.addRef([i]);
    s.addClassDef(new ClassDef("com.x.A", ["a"]), 0);
    s.release();
    expect(s.refCount).toBe(0);
    expect(s.refs.every((v) => v === null)).toBe(true);
    expect(s.classDefCount).toBe(0);
    expect(reasonOf(() => s.ref(0, 0))).toBe("unknown-ref");
    expect(reasonOf(() => s.classDef(0, 0))).toBe("unknown-ref");
    for (let i = 0; i < 1000; i++) s.addRef([i]);
    s.release();
    expect(s.refs).toHaveLength(0);
    // A big stream through the one-shot calls, then small ones: same results as fresh decoders.
    const big = Array.from({ length: 1000 }, (_, i) => [i]);
    expect(decode(encode(big))).toEqual(big);
    expect(decode(encode([[1], [2]]))).toEqual([[1], [2]]);
  });

  it("does not share state with decoders made by the caller", () => {
    const stream = encodeAll([[1], [2]]);
    const d = new HessianDecoder(stream);
    expect(d.read()).toEqual([1]);
    expect(decode(encode("other"))).toBe("other");
    expect(d.read()).toEqual([2]);
    expect(d.hasMore).toBe(false);
  });
});

describe("classes compiled for the JS view", () => {
  const hostileNames = ["__proto__", "constructor", "prototype", "toString", "1", 'quote"back\\slash', "\u2028"];

  function objects(className: string, names: readonly string[], count: number): JavaObject[] {
    return Array.from(
      { length: count },
      (_, i) =>
        new JavaObject(
          className,
          names,
          names.map((_n, j) => (j === 0 ? i : `${names[j]}-${i}`)),
        ),
    );
  }

  it("give the same objects as the generic path, before and after compiling", () => {
    const list = objects("com.x.Hostile", hostileNames, COMPILE_AFTER * 3);
    const encoded = encode(list);
    for (let round = 0; round < 2; round++) {
      const view = decodeJs(encoded) as Record<string | symbol, unknown>[];
      const expected = toJs(decode(encoded)) as Record<string | symbol, unknown>[];
      expect(view).toHaveLength(list.length);
      view.forEach((o, i) => {
        expect(Object.getPrototypeOf(o)).toBe(jsViewPrototype);
        expect(Reflect.ownKeys(o)).toEqual(Reflect.ownKeys(expected[i] as object));
        expect(o[javaClass]).toBe("com.x.Hostile");
        expect(Object.hasOwn(o, "__proto__")).toBe(true);
        expect(Object.getOwnPropertyDescriptor(o, "__proto__")?.value).toBe(i);
        expect(o['quote"back\\slash']).toBe(`quote"back\\slash-${i}`);
        expect({ ...o }).toEqual({ ...(expected[i] as object) });
      });
    }
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(Object.getOwnPropertyNames(jsViewPrototype)).toEqual([]);
  });

  it("keep the first of shadowed fields and resolve back references to the object itself", () => {
    const names = ["id", "id", "self"];
    const list = Array.from({ length: COMPILE_AFTER * 2 }, (_, i) => {
      const values: HessianValue[] = [i, -i, null];
      const o = new JavaObject("com.x.Shadow", names, values);
      values[2] = o;
      return o;
    });
    const view = decodeJs(encode(list)) as Record<string, unknown>[];
    view.forEach((o, i) => {
      expect(o.id).toBe(i);
      expect(o.self).toBe(o);
    });
    const cyclic = Array.from({ length: COMPILE_AFTER * 2 }, () => {
      const values: HessianValue[] = ["x", null];
      const o = new JavaObject("com.x.Cycle", ["name", "self"], values);
      values[1] = o;
      return o;
    });
    for (const o of decodeJs(encode(cyclic)) as Record<string, unknown>[]) expect(o.self).toBe(o);
  });

  it("stay correct when a stream has more classes than it may compile", () => {
    const classes = COMPILE_BUDGET + 5;
    const list = Array.from({ length: classes }, (_, c) =>
      objects(`com.x.C${c}`, ["a", `f${c}`], COMPILE_AFTER + 1),
    ).flat();
    const encoded = encode(list);
    expect(decodeJs(encoded)).toEqual(toJs(decode(encoded)));
  });
});

describe("encoder index tables beyond the linear range", () => {
  it("writes back references, class and type indexes past the first sixteen", () => {
    const shared = Array.from({ length: 40 }, (_, i) => [i]);
    const objects = Array.from({ length: 40 }, (_, i) => java.object(`com.x.T${i}`, [["v", i]]));
    const typed = Array.from({ length: 40 }, (_, i) => new JavaList(`[com.x.T${i}`, [i]));
    const value = [...shared, ...shared, ...objects, ...objects, ...typed, ...typed];
    const back = decode(encode(value)) as HessianValue[];
    for (let i = 0; i < 40; i++) {
      expect(back[40 + i]).toBe(back[i]);
      expect(back[120 + i]).toBe(back[80 + i]);
      expect((back[80 + i] as JavaObject).className).toBe(`com.x.T${i}`);
      expect((back[200 + i] as JavaList).type).toBe(`[com.x.T${i}`);
    }
    // The next stream of the pooled encoder starts with empty tables again.
    expect(decode(encode(value))).toEqual(back);
    const once = [0];
    expect(encode([shared[0], shared[0]])).toEqual(encode([once, once]));
  });
});

describe("encoder results written into a shared slab", () => {
  it("are never overwritten by later calls, nested encoders or larger outputs", () => {
    const kept: [Uint8Array, HessianValue][] = [];
    const stream = new HessianEncoder();
    stream.write("open stream"); // holds a slab while the one-shot calls below run
    for (let i = 0; i < 400; i++) {
      const value: HessianValue = i % 50 === 0 ? "x".repeat(3000 + i) : [i, `v${i}`, java.long(i)];
      kept.push([encode(value), value]);
    }
    const streamOut = stream.write(7).finish();
    for (const [out, value] of kept) expect(decode(out)).toEqual(value);
    expect(decodeAll(streamOut)).toEqual(["open stream", 7]);
  });

  it("keep Java's binary chunk positions when the output moves off the slab", () => {
    const big = new Uint8Array(20000).map((_, i) => i & 0xff);
    const value = ["a".repeat(900), big, "tail"];
    const once = encodeAll(value);
    const fresh = new HessianEncoder({ initialCapacity: 1 << 16 });
    for (const v of value) fresh.write(v);
    expect(once).toEqual(fresh.finish());
    expect(decodeAll(once)).toEqual(value);
  });
});

describe("short-string table admission", () => {
  it("keeps a repeated string against a stream of values that never repeat", () => {
    const tags = ["alpha", "beta", "gamma"];
    const rows = Array.from({ length: 3000 }, (_, i) => [`user${i}@example.com`, `user-${i}`, ...tags]);
    for (let round = 0; round < 2; round++) {
      const back = decode(encode(rows)) as string[][];
      expect(back).toEqual(rows);
      expect(decodeJs(encode(rows))).toEqual(rows);
    }
  });
});

describe("per-field use of the short-string table", () => {
  const fields = ["name", "code"];
  const row = (name: string, code: string) => new JavaObject("com.example.Row", fields, [name, code]);

  it("reads fields that stopped using the table exactly: non-ASCII, limits, truncation, repeats", () => {
    // Distinct names turn the table off for field 0; the codes keep hitting it.
    const warm = Array.from({ length: 500 }, (_, i) => row(`name-${i}`, `c${i % 3}`));
    for (let round = 0; round < 2; round++) {
      expect(decode(encode(warm))).toEqual(warm);
      expect(decodeJs(encode(warm))).toEqual(
        warm.map((o) => ({ name: o.values[0], code: o.values[1], [javaClass]: "com.example.Row" })),
      );
    }
    const odd = [row("é-ü", "c1"), row("", "c2"), row("name-1", "c0"), row("x".repeat(31), "c0")];
    for (let i = 0; i < 200; i++) odd.push(row(i % 2 === 0 ? "same" : `n${i}`, "c1"));
    expect(decode(encode(odd))).toEqual(odd);
    expect((decodeJs(encode(odd)) as { name: string }[]).map((o) => o.name)).toEqual(odd.map((o) => o.values[0]));
    const one = encode([row("name-0", "c0"), row("another-name", "c1")]);
    expect(reasonOf(() => decode(one, { limits: { maxStringLength: 8 } }))).toBe("limit-exceeded");
    expect(reasonOf(() => decodeJs(one, { limits: { maxStringLength: 8 } }))).toBe("limit-exceeded");
    expect(reasonOf(() => decode(one, { end: one.length - 6 }))).toBe("truncated");
    expect(reasonOf(() => decodeJs(one, { end: one.length - 6 }))).toBe("truncated");
  });

  it("turns the table back on for a field whose values start to repeat", () => {
    const distinct = Array.from({ length: 300 }, (_, i) => row(`only-once-${i}`, "c"));
    const repeated = Array.from({ length: 300 }, (_, i) => row(`again-${i % 2}`, "c"));
    const back = decode(encode([...distinct, ...repeated])) as JavaObject[];
    const names = back.slice(300).map((o) => o.values[0]);
    expect(names).toEqual(repeated.map((o) => o.values[0]));
    // The same definition again, its field's table use carried over from the call before.
    const later = (decode(encode(repeated)) as JavaObject[]).map((o) => o.values[0]);
    expect(later).toEqual(repeated.map((o) => o.values[0]));
  });
});

describe("string-keyed maps compiled for the JS view", () => {
  it("give the same records as the generic path, before and after compiling", () => {
    const attachments = (i: number) =>
      new Map<string, unknown>([
        ["path", "com.x.Service"],
        ["__proto__", { polluted: i }],
        ["constructor", i],
        ["0", "zero"],
      ]);
    const typed = (i: number) =>
      java.map("java.util.TreeMap", [
        ["b", i],
        ["a", `v${i}`],
      ]);
    for (let i = 0; i < COMPILE_AFTER * 3; i++) {
      for (const value of [attachments(i), typed(i), [attachments(i), attachments(i + 1)]]) {
        const bytes = encode(value);
        const view = decodeJs(bytes);
        expect(view).toEqual(toJs(decode(bytes)));
        const records = (Array.isArray(view) ? view : [view]) as Record<string | symbol, unknown>[];
        for (const record of records) {
          expect(Object.getPrototypeOf(record)).toBe(jsViewPrototype);
          expect(Object.keys(record)).toEqual(
            Object.keys(toJs(decode(encode(Array.isArray(value) ? value[0] : value))) as object),
          );
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("read maps longer than their first eight entries, string-keyed or not", () => {
    for (let i = 0; i < COMPILE_AFTER * 2; i++) {
      for (const size of [7, 8, 9, 20]) {
        const strings = new Map(Array.from({ length: size }, (_, k) => [`key-${k}`, k * i]));
        const mixed = new Map<unknown, unknown>([...strings, [size, "int key"]]);
        for (const value of [strings, mixed]) {
          const bytes = encode(value);
          expect(decodeJs(bytes)).toEqual(toJs(decode(bytes)));
        }
      }
    }
  });

  it("keep the last of repeated keys, as the generic path does", () => {
    // Two equal keys on the wire (a hand-written stream): the map has one entry.
    const dup = bytes("48 01 61 91 01 62 92 01 61 93 5a");
    for (let i = 0; i < COMPILE_AFTER * 2; i++) {
      expect(decodeJs(dup)).toEqual(toJs(decode(dup)));
      expect((decodeJs(dup) as Record<string, number>).a).toBe(3);
    }
  });
});
