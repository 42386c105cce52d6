import { DecodeError } from "@tribridge/core";
import {
  decode,
  decodeAll,
  decodeJs,
  detectSofaDialect,
  encode,
  encodeAll,
  HessianDecodeError,
  HessianDecoder,
  HessianEncodeError,
  JavaList,
  JavaMap,
  type JavaObject,
  java,
  javaClass,
  jsViewPrototype,
  toJs,
} from "@tribridge/hessian2";
import { describe, expect, it } from "vitest";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

// [value, H4 bytes, H3 bytes]: every compact-form boundary the Java writers use.
const scalars: [string, unknown, string, string][] = [
  ["int -16", -16, "80", "80"],
  ["int 47", 47, "bf", "bf"],
  ["int 48", 48, "c830", "c830"],
  ["int -2048", -2048, "c000", "c000"],
  ["int 2047", 2047, "cfff", "cfff"],
  ["int 2048", 2048, "d40800", "d40800"],
  ["int -262144", -262144, "d00000", "d00000"],
  ["int 262144", 262144, "4900040000", "4900040000"],
  ["int min", -2147483648, "4980000000", "4980000000"],
  ["long -8", -8n, "d8", "d8"],
  ["long 15", 15n, "ef", "ef"],
  ["long 16", 16n, "f810", "f810"],
  ["long 2048", 2048n, "3c0800", "3c0800"],
  ["long 262144", 262144n, "5900040000", "7700040000"],
  ["long int32max+1", 2147483648n, "4c0000000080000000", "4c0000000080000000"],
  ["long from number", 2 ** 40, "4c0000010000000000", "4c0000010000000000"],
  ["double 0", java.double(0), "5b", "67"],
  ["double -0", java.double(-0), "5b", "67"],
  ["double 1", java.double(1), "5c", "68"],
  ["double -128", java.double(-128), "5d80", "6980"],
  ["double 32767", java.double(32767), "5e7fff", "6a7fff"],
  ["double 1.5", 1.5, "5f000005dc", "6b3fc00000"],
  ["double 0.1", 0.1, "5f00000064", "443fb999999999999a"],
  ["double 1e10", java.double(1e10), "444202a05f20000000", "6b501502f9"],
  ["float 21.32", java.float(21.32), "5f00005348", "6b41aa8f5c"],
  ["null", null, "4e", "4e"],
  ["true", true, "54", "54"],
  ["string empty", "", "00", "00"],
  ["string emoji (CESU-8)", "\u{1f600}", "02eda0bdedb880", "02eda0bdedb880"],
  ["string 32", "a".repeat(32), `3020${"61".repeat(32)}`, `530020${"61".repeat(32)}`],
  ["date minutes", new Date(60000), "4b00000001", "64000000000000ea60"],
  ["date ms", new Date(1), "4a0000000000000001", "640000000000000001"],
  ["binary 3", new Uint8Array([1, 2, 3]), "23010203", "23010203"],
  ["binary 16", new Uint8Array(16), `3410${"00".repeat(16)}`, `420010${"00".repeat(16)}`],
];

describe("scalars", () => {
  it.each(scalars)("%s", (_name, value, h4, h3) => {
    expect(hex(encode(value))).toBe(h4);
    expect(hex(encode(value, { dialect: "hessian3" }))).toBe(h3);
    for (const [dialect, h] of [
      ["hessian2", h4],
      ["hessian3", h3],
    ] as const) {
      const back = decode(bytes(h), { dialect });
      expect(hex(encode(back, { dialect }))).toBe(h);
    }
  });

  it("reads 0x5f as int32 thousandths", () => {
    expect(decode(bytes("5f000005dc"))).toBe(1.5);
    expect(decode(bytes("5fffffffff"))).toBe(-0.001);
  });

  it("longs are bigint, ints number, integral doubles wrapped", () => {
    expect(decode(bytes("e1"))).toBe(1n);
    expect(decode(bytes("91"))).toBe(1);
    expect(decode(bytes("5d02"))).toEqual(java.double(2));
  });

  it("chunks strings above 0x8000 units, never ending on a high surrogate", () => {
    const s = `${"a".repeat(0x7fff)}\u{1f600}${"b".repeat(10)}`;
    const out = encode(s);
    expect(hex(out.subarray(0, 3))).toBe("527fff");
    expect(decode(out)).toBe(s);
    expect(decode(encode("x".repeat(0x8000)))).toHaveLength(0x8000);
    expect(hex(encode("x".repeat(0x8000)).subarray(0, 3))).toBe("538000");
    const h3 = encode(s, { dialect: "hessian3" });
    expect(hex(h3.subarray(0, 3))).toBe("737fff");
    expect(decode(h3, { dialect: "hessian3" })).toBe(s);
  });

  it("chunks binary like Java (8189-byte chunks in H4 from a fresh stream, 0x8000 in H3)", () => {
    const b = new Uint8Array(20000).map((_, i) => i);
    const h4 = encode(b);
    expect(hex(h4.subarray(0, 3))).toBe("411ffd");
    expect(decode(h4)).toEqual(b);
    const h3 = encode(new Uint8Array(0x8001), { dialect: "hessian3" });
    expect(hex(h3.subarray(0, 3))).toBe("628000");
    expect(decode(h3, { dialect: "hessian3" })).toHaveLength(0x8001);
  });
});

describe("containers", () => {
  const user = java.object("com.example.User", { id: 1, name: "a" });
  const cases: [string, unknown, string, string][] = [
    ["untyped list", [1, 2], "7a9192", "566e0291927a"],
    ["untyped list 8", [0, 0, 0, 0, 0, 0, 0, 0], `5898${"90".repeat(8)}`, `566e08${"90".repeat(8)}7a`],
    ["int array", java.array("int", [1]), "71045b696e7491", "567400045b696e746e01917a"],
    ["hashmap", new Map([[1, "a"]]), "489101615a", "4d9101617a"],
    [
      "typed map",
      java.map("java.util.TreeMap", { a: 1 }),
      "4d116a6176612e7574696c2e547265654d61700161915a",
      "4d7400116a6176612e7574696c2e547265654d61700161917a",
    ],
    [
      "object",
      user,
      "4310636f6d2e6578616d706c652e5573657292026964046e616d6560910161",
      "4fa0636f6d2e6578616d706c652e5573657292026964046e616d656f90910161",
    ],
  ];
  it.each(cases)("%s", (_name, value, h4, h3) => {
    expect(hex(encode(value))).toBe(h4);
    expect(hex(encode(value, { dialect: "hessian3" }))).toBe(h3);
    expect(hex(encode(decode(bytes(h4))))).toBe(h4);
    expect(hex(encode(decode(bytes(h3), { dialect: "hessian3" }), { dialect: "hessian3" }))).toBe(h3);
  });

  it("reuses class definitions and type names across values of one stream", () => {
    const out = encodeAll([user, java.array("int", []), java.array("int", []), user]);
    const values = decodeAll(out);
    expect(values).toHaveLength(4);
    expect((values[3] as JavaObject).get("name")).toBe("a");
    expect(hex(out)).toContain("7090"); // second [int by type index 0
    const h3 = encodeAll([java.list("java.util.HashSet", [1]), java.list("java.util.HashSet", [2])], {
      dialect: "hessian3",
    });
    expect(hex(h3)).toContain("76909192"); // 'v' type-ref 0, length 1, no end
    expect(decodeAll(h3, { dialect: "hessian3" })).toEqual([
      java.list("java.util.HashSet", [1]),
      java.list("java.util.HashSet", [2]),
    ]);
  });

  it("uses 'O' + int after 16 class definitions", () => {
    const objs = Array.from({ length: 17 }, (_, i) => java.object(`C${i}`, { v: i }));
    const out = encode(objs);
    expect(decode(out)).toEqual(objs);
    expect(hex(out)).toContain("4f a0".replace(" ", ""));
  });

  it("keeps shared and circular references", () => {
    const shared = [1];
    const list = decode(encode([shared, shared])) as unknown[][];
    expect(list[0]).toBe(list[1]);
    for (const dialect of ["hessian2", "hessian3"] as const) {
      const ex = java.object("java.lang.Exception", { detailMessage: "m", cause: null });
      ex.values[1] = ex;
      const back = decode(encode(ex, { dialect }), { dialect }) as JavaObject;
      expect(back.get("cause")).toBe(back);
      const self: unknown[] = [];
      self.push(self);
      const s = decode(encode(self, { dialect }), { dialect }) as unknown[];
      expect(s[0]).toBe(s);
    }
  });

  it("reads variable-length lists and re-encodes them the same way", () => {
    for (const h of ["57919293 5a", "5504 5b696e74 9192 5a"].map((x) => x.replaceAll(" ", ""))) {
      const v = decode(bytes(h));
      expect(v).toBeInstanceOf(JavaList);
      expect(hex(encode(v))).toBe(h);
    }
  });
});

describe("JS input conventions", () => {
  it("accepts js-to-java wrappers", () => {
    expect(hex(encode({ $class: "java.lang.Long", $: 1 }))).toBe("e1");
    expect(hex(encode({ $class: "long", $: "9007199254740993" }))).toBe("4c0020000000000001");
    expect(hex(encode({ $class: "double", $: 2 }))).toBe("5d02");
    expect(hex(encode({ $class: "[int", $: [1] }))).toBe(hex(encode(java.array("int", [1]))));
    expect(hex(encode({ $class: "java.util.ArrayList", $: [1] }))).toBe("7991");
    expect(decode(encode({ $class: "com.x.P", $: { a: 1, b: { $class: "long", $: 2 } } }))).toEqual(
      java.object("com.x.P", { a: 1, b: 2n }),
    );
  });
  it("plain objects are untyped maps, Map keeps key types", () => {
    expect(decode(encode({ a: 1 }))).toEqual(java.map(null, { a: 1 }));
    expect((decode(encode(new Map([[1n, 2]]))) as JavaMap).get(1n)).toBe(2);
  });
  it("rejects what has no Hessian form", () => {
    expect(() => encode(Symbol("x"))).toThrow(HessianEncodeError);
    expect(() => encode(2n ** 64n)).toThrow(HessianEncodeError);
    expect(() => encode(new Date(Number.NaN))).toThrow(HessianEncodeError);
    expect(() => encode({ $class: "int", $: 1.5 })).toThrow(HessianEncodeError);
  });
});

describe("JS view", () => {
  it("maps the model to plain JS without prototype pollution", () => {
    const v = decodeJs(
      encode(
        java.object("com.x.Evil", [
          ["__proto__", 1],
          ["constructor", "c"],
          ["amount", java.BigDecimal("1.50")],
          ["big", 2n ** 60n],
        ]),
      ),
    ) as Record<string | symbol, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(jsViewPrototype);
    expect(Object.getPrototypeOf(jsViewPrototype)).toBe(null);
    expect(Object.isFrozen(jsViewPrototype) && Reflect.ownKeys(jsViewPrototype).length === 0).toBe(true);
    expect(v[javaClass]).toBe("com.x.Evil");
    expect(v.amount).toBe("1.50");
    expect(v.big).toBe(2n ** 60n);
    expect(Object.hasOwn(v, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    const m = toJs(decode(encode(new Map<unknown, unknown>([["__proto__", { polluted: true }]])))) as object;
    expect(Object.getPrototypeOf(m)).toBe(jsViewPrototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("long option", () => {
    const b = encode(5n);
    expect(decodeJs(b)).toBe(5);
    expect(decodeJs(b, { long: "bigint" })).toBe(5n);
    expect(decodeJs(b, { long: "string" })).toBe("5");
  });
  it("BigInteger, enums, maps with non-string keys", () => {
    expect(decodeJs(encode(java.BigInteger("-98765432109876543210")))).toBe("-98765432109876543210");
    expect(decodeJs(encode(java.enum("x.Color", "RED")), { enums: "name" })).toBe("RED");
    expect(decodeJs(encode(new Map([[1, 2]])))).toEqual(new Map([[1, 2]]));
  });
});

describe("hostile input", () => {
  const bad: [string, string, string][] = [
    ["empty", "", "truncated"],
    ["cut int", "49 0000", "truncated"],
    ["cut string", "05 6162", "truncated"],
    ["unknown tag", "40", "unexpected-tag"],
    ["ref before any value", "51 90", "unknown-ref"],
    ["object without definition", "60", "unknown-ref"],
    ["type index unknown", "71 95 90", "unknown-ref"],
    ["huge list claim", "58 49 7fffffff", "limit-exceeded"],
    ["list claim beyond input", "58 d4 ffff", "truncated"],
    ["map without end", "48 91 91", "truncated"],
    ["bad utf-8", "01 ff", "bad-utf8"],
    ["string chunk then int", "52 0001 61 91", "unexpected-tag"],
  ];
  it.each(bad)("%s", (_name, h, reason) => {
    try {
      decode(bytes(h.replaceAll(" ", "")));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HessianDecodeError);
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as HessianDecodeError).reason).toBe(reason);
      expect((e as HessianDecodeError).offset).toBeGreaterThanOrEqual(0);
    }
  });
  it("enforces depth, string, binary, byte and reference limits", () => {
    const deep = bytes(`${"79".repeat(200)}90`);
    expect(() => decode(deep)).toThrow(/nesting/);
    expect(() => decode(encode("abcdef"), { limits: { maxStringLength: 3 } })).toThrow(/exceeds/);
    expect(() => decode(encode(new Uint8Array(10)), { limits: { maxBinaryLength: 3 } })).toThrow(/exceeds/);
    expect(() => decode(encode("abcdef"), { limits: { maxBytes: 3 } })).toThrow(HessianDecodeError);
    expect(() => decode(encode([[], []]), { limits: { maxReferences: 2 } })).toThrow(/referenceable/);
    expect(() => decode(encode(java.object("A", {})), { limits: { maxClassDefinitions: 0 } })).toThrow(/class/);
  });
  it("rejects the wrong dialect's bytes", () => {
    expect(() => decode(bytes("4fa0636f6d"))).toThrow(HessianDecodeError);
  });
});

describe("streams", () => {
  it("reads several values with an offset and shared tables", () => {
    const user = java.object("U", { a: 1 });
    const body = encodeAll(["2.0.2", user, user, 7n]);
    const framed = new Uint8Array(body.length + 4);
    framed.set(body, 4);
    const d = new HessianDecoder(framed, { offset: 4 });
    const out = [];
    while (d.hasMore) out.push(d.read());
    expect(out[1]).toBe(out[2]);
    expect(out).toHaveLength(4);
    expect(d.pos).toBe(framed.length);
  });
  it("detects the SOFA dialect", () => {
    expect(detectSofaDialect(0x43)).toBe("hessian2");
    expect(detectSofaDialect(bytes("4f"))).toBe("hessian3");
    expect(detectSofaDialect(0x00)).toBeUndefined();
  });
  it("rejects trailing bytes in decode()", () => {
    expect(() => decode(bytes("9191"))).toThrow(/left after/);
  });
});

describe("draft ambiguities", () => {
  it("an untyped map or length-less list starting with true stays untyped", () => {
    const o = { dialect: "hessian3" } as const;
    const m = new JavaMap(null, [[true, 1]]);
    expect(hex(encode(m, o))).toBe("4d740000" + "54917a");
    expect(decode(encode(m, o), o)).toEqual(m);
    const l = new JavaList(null, [true, false], true);
    expect(decode(encode(l, o), o)).toEqual(l);
    expect(decodeAll(encodeAll([m, java.list("x.Set", [1]), java.list("x.Set", [2])], o), o)).toHaveLength(3);
  });
});
