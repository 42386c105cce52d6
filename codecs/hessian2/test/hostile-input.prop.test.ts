/**
 * Decoders fed hostile input: arbitrary bytes, mutated valid encodings, huge length claims,
 * deep nesting and prototype-polluting keys. Every failure must be a HessianDecodeError with
 * a known reason and an offset inside the input; decoding must terminate (vitest's timeout)
 * and must not allocate in proportion to a length the input merely claims. No timing asserts.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, describe as suite, test } from "vitest";
import {
  type Dialect,
  decode,
  decodeAll,
  decodeAllJs,
  decodeJs,
  encode,
  HessianDecodeError,
  type HessianValue,
  JavaMap,
  JavaObject,
  jsViewPrototype,
  toJs,
} from "../src/index.js";
import { value } from "./describe.js";

const DIALECTS: readonly Dialect[] = ["hessian2", "hessian3"];
const REASONS = new Set([
  "truncated",
  "unexpected-tag",
  "malformed",
  "bad-utf8",
  "limit-exceeded",
  "unknown-ref",
  "forbidden-key",
  "unsupported",
]);
const SMALL_LIMITS = {
  maxDepth: 16,
  maxCollectionLength: 64,
  maxStringLength: 256,
  maxBinaryLength: 256,
  maxClassDefinitions: 16,
  maxReferences: 256,
} as const;

/** Runs `fn`; it may succeed, or fail only with a well-formed HessianDecodeError. */
function onlyDecodeErrors(input: Uint8Array, fn: () => unknown): HessianDecodeError | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!(error instanceof HessianDecodeError)) {
      throw new Error(
        `non-HessianDecodeError for ${Buffer.from(input).toString("hex").slice(0, 120)}: ${String(error)}`,
        { cause: error },
      );
    }
    expect(typeof error.offset).toBe("number");
    expect(Number.isInteger(error.offset)).toBe(true);
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(input.length);
    expect(REASONS, `unknown reason ${error.reason}`).toContain(error.reason);
    return error;
  }
}

function allDecoders(bytes: Uint8Array, dialect: Dialect): void {
  onlyDecodeErrors(bytes, () => decode(bytes, { dialect }));
  onlyDecodeErrors(bytes, () => decodeAll(bytes, { dialect }));
  onlyDecodeErrors(bytes, () => decodeAll(bytes, { dialect, limits: SMALL_LIMITS }));
  onlyDecodeErrors(bytes, () => decodeJs(bytes, { dialect }));
  onlyDecodeErrors(bytes, () => decodeAllJs(bytes, { dialect, maps: "auto" }));
}

type Mutation =
  | { readonly kind: "flip"; readonly at: number; readonly bit: number }
  | { readonly kind: "set"; readonly at: number; readonly byte: number }
  | { readonly kind: "insert"; readonly at: number; readonly byte: number }
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "truncate"; readonly at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of mutations) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === "flip") b[at] = (b[at] as number) ^ (1 << m.bit);
    else if (m.kind === "set") b[at] = m.byte;
    else if (m.kind === "insert") b.splice(at, 0, m.byte);
    else if (m.kind === "delete") b.splice(at, 1);
    else b = b.slice(0, at);
  }
  return Uint8Array.from(b);
}

function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
}

/** Inputs that claim far more than they hold, per dialect. */
const HUGE_CLAIMS: Readonly<Record<Dialect, readonly (readonly [string, Uint8Array])[]>> = {
  hessian2: [
    ["binary final chunk of 65535 bytes, 2 present", hex("42 ffff 0102")],
    ["binary non-final chunks then a huge final one", hex(`${"41 0004 00000000 ".repeat(8)} 42 ffff`)],
    ["string of 65535 chars, 3 present", hex("53 ffff 616263")],
    ["string chunk 'R' of 65535 chars", hex("52 ffff 61")],
    ["fixed untyped list of 2^31-1 items", hex("58 49 7fffffff 90")],
    ["fixed typed list of 2^31-1 items", hex("56 04 5b696e74 49 7fffffff 90")],
    ["class definition with 2^31-1 fields", hex("43 01 61 49 7fffffff 01 62")],
    ["object of an undefined class", hex("6f")],
    ["reference to value 2^31-1", hex("51 49 7fffffff")],
    ["a million nested lists (deep recursion)", new Uint8Array(1_000_000).fill(0x57)],
    ["a million nested maps", new Uint8Array(1_000_000).fill(0x48)],
    ["a million class definitions", hex("43 01 61 90 ".repeat(100_000))],
    ["long 'L' cut short", hex("4c 0000")],
    ["date cut short", hex("4a 00")],
  ],
  hessian3: [
    ["binary 'B' of 65535 bytes, 2 present", hex("42 ffff 0102")],
    ["string 'S' of 65535 chars, 3 present", hex("53 ffff 616263")],
    ["list 'V' with length 'l' 2^31-1", hex("56 6c 7fffffff 90")],
    ["list 'V' with type and length 2^31-1", hex("56 74 0004 5b696e74 6c 7fffffff 90")],
    ["object definition with 2^31-1 fields", hex("4f 01 61 49 7fffffff 01 62")],
    ["reference 2^31-1", hex("4a 7fffffff")],
    ["a million nested lists", hex("56 ".repeat(1_000_000))],
    ["a million nested maps", new Uint8Array(1_000_000).fill(0x4d)],
    ["long cut short", hex("4c 0000")],
  ],
};

let protoKeysBefore: string[] = [];
beforeAll(() => {
  protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();
});
afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
});

for (const dialect of DIALECTS) {
  suite(`hostile input (${dialect})`, () => {
    test("arbitrary bytes: success or HessianDecodeError only", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 128 }), (bytes) => allDecoders(bytes, dialect)),
        { numRuns: 500 },
      );
    });

    test("arbitrary bytes after a valid prefix tag (lists, maps, objects, class definitions)", () => {
      const starts =
        dialect === "hessian2"
          ? [0x43, 0x48, 0x4d, 0x55, 0x56, 0x57, 0x58, 0x60, 0x70, 0x78, 0x51]
          : [0x4f, 0x4d, 0x56, 0x6f, 0x4a, 0x52];
      fc.assert(
        fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 64 }), (tag, rest) => {
          const bytes = new Uint8Array(rest.length + 1);
          bytes[0] = tag;
          bytes.set(rest, 1);
          allDecoders(bytes, dialect);
        }),
        { numRuns: 400 },
      );
    });

    test("mutated valid encodings: success or HessianDecodeError only", () => {
      fc.assert(
        fc.property(
          value({ maxDepth: 3, sharing: true }),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          (v, ms) => {
            const bytes = mutate(encode(v, { dialect }), ms);
            allDecoders(bytes, dialect);
          },
        ),
        { numRuns: 300 },
      );
    });

    test("huge length claims fail fast, without allocating what they claim", () => {
      const before = process.memoryUsage().heapUsed;
      for (const [label, bytes] of HUGE_CLAIMS[dialect]) {
        const error = onlyDecodeErrors(bytes, () => decodeAll(bytes, { dialect }));
        expect(error, `${label}: should be rejected`).toBeInstanceOf(HessianDecodeError);
        const small = onlyDecodeErrors(bytes, () => decodeAll(bytes, { dialect, limits: SMALL_LIMITS }));
        expect(small, `${label}: should be rejected under small limits`).toBeInstanceOf(HessianDecodeError);
      }
      // Smoke check only (no GC control): a decoder that honoured a 2^31 claim would need GBs.
      expect(process.memoryUsage().heapUsed - before).toBeLessThan(256 * 1024 * 1024);
    });

    test("small limits reject large but well-formed values with limit-exceeded", () => {
      const deep: HessianValue[] = [];
      let cursor = deep;
      for (let i = 0; i < 40; i++) {
        const next: HessianValue[] = [];
        cursor.push(next);
        cursor = next;
      }
      const cases: readonly (readonly [string, HessianValue])[] = [
        ["deep nesting", deep],
        ["long list", Array.from({ length: 100 }, (_, i) => i)],
        ["long string", "x".repeat(1000)],
        ["long binary", new Uint8Array(1000)],
        [
          "big map",
          new JavaMap(
            null,
            Array.from({ length: 100 }, (_, i) => [i, i] as const),
          ),
        ],
        ["many classes", Array.from({ length: 20 }, (_, i) => new JavaObject(`c.C${i}`, ["f"], [i]))],
      ];
      for (const [label, v] of cases) {
        const bytes = encode(v, { dialect });
        expect(decode(bytes, { dialect }), `${label} decodes under default limits`).toBeDefined();
        const error = onlyDecodeErrors(bytes, () => decodeAll(bytes, { dialect, limits: SMALL_LIMITS }));
        expect(error?.reason, label).toBe("limit-exceeded");
      }
    });

    test("__proto__ / constructor / prototype keys never touch Object.prototype", () => {
      const evil = ["__proto__", "constructor", "prototype"];
      const inner = new JavaMap(null, [
        ["polluted", "yes"],
        ["toString", "x"],
      ]);
      const values: HessianValue[] = [
        new JavaMap(
          null,
          evil.map((k) => [k, inner] as const),
        ),
        new JavaMap("java.util.LinkedHashMap", [["__proto__", new JavaMap(null, [["polluted", 1]])]]),
        new JavaObject("com.example.Evil", evil, [inner, inner, inner]),
        new JavaObject("__proto__", ["polluted"], ["yes"]),
        [new JavaMap(null, [["__proto__", [1, 2]]])],
      ];
      for (const v of values) {
        const bytes = encode(v, { dialect });
        const runs: readonly (readonly [() => unknown, boolean])[] = [
          [() => decode(bytes, { dialect }), false],
          [() => decodeJs(bytes, { dialect }), true],
          [() => decodeJs(bytes, { dialect, maps: "object" }), true],
          [() => decodeJs(bytes, { dialect, maps: "map", enums: "name" }), true],
          [() => toJs(decode(bytes, { dialect }), { maps: "object" }), true],
        ];
        for (const [run, jsView] of runs) {
          let out: unknown;
          const error = onlyDecodeErrors(bytes, () => {
            out = run();
          });
          if (error !== undefined) expect(error.reason).toBe("forbidden-key");
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.prototype.toString.call({})).toBe("[object Object]");
          expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
          // JS-view objects built from maps/objects: the view's own prototype, never a key's value.
          if (jsView && out !== null && typeof out === "object" && !(out instanceof Map) && !Array.isArray(out)) {
            const proto = Object.getPrototypeOf(out);
            expect(proto === jsViewPrototype, "JS view object has a foreign prototype").toBe(true);
          }
        }
      }
    });

    test("generated values with hostile keys never pollute prototypes", () => {
      fc.assert(
        fc.property(value({ maxDepth: 3 }), (v) => {
          const bytes = encode(v, { dialect });
          onlyDecodeErrors(bytes, () => decodeJs(bytes, { dialect, maps: "object" }));
          onlyDecodeErrors(bytes, () => decodeJs(bytes, { dialect }));
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(protoKeysBefore.length);
        }),
        { numRuns: 200 },
      );
    });
  });
}
