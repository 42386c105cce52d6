/** fast-check generators of typed-model values. */
import fc from "fast-check";
import { type HessianValue, JavaDouble, JavaList, JavaMap, JavaObject } from "../src/model.js";

// fast-check generators of typed-model values (property tests and cross-checks). Values
// follow the model's canonical forms (model.ts): int → number, long → bigint, integral
// double → JavaDouble, other doubles → plain numbers.

const INT_EDGES = [
  0,
  1,
  -1,
  -16,
  47,
  -17,
  48,
  -2048,
  2047,
  -2049,
  2048,
  -262144,
  262143,
  -262145,
  262144,
  -(2 ** 31),
  2 ** 31 - 1,
];
const LONG_EDGES = [
  0n,
  1n,
  -1n,
  -8n,
  15n,
  -9n,
  16n,
  -2048n,
  2047n,
  -2049n,
  2048n,
  -262144n,
  262143n,
  -262145n,
  262144n,
  -(2n ** 31n),
  2n ** 31n - 1n,
  -(2n ** 31n) - 1n,
  2n ** 31n,
  2n ** 53n + 1n,
  -(2n ** 63n),
  2n ** 63n - 1n,
];

export const int32 = (): fc.Arbitrary<number> =>
  fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(...INT_EDGES));

export const int64 = (): fc.Arbitrary<bigint> =>
  fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(...LONG_EDGES));

/** Any double, in its canonical model form. */
export const double = (): fc.Arbitrary<number | JavaDouble> =>
  fc
    .oneof(
      fc.double(),
      fc.constantFrom(
        0,
        -0,
        1,
        -1,
        127,
        -128,
        32767,
        -32768,
        0.001,
        12.25,
        2147483.647,
        Number.NaN,
        Infinity,
        -Infinity,
      ),
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000),
    )
    .map((d) => (Number.isInteger(d) ? new JavaDouble(d) : d));

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.constantFrom("\ud800", "\udfff", "\u0000", "中", "é", "😀") },
);

/** Strings with lone surrogates, astral characters, NUL; rarely long enough to need chunks. */
export const text = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.array(unit, { maxLength }).map((a) => a.join("")) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1023, 1024, 32767, 32768, 32769, 65537), fc.constantFrom("a", "中", "😀"))
        .map(([n, c]) => c.repeat(Math.ceil(n / c.length)).slice(0, n)),
    },
  );

export const binary = (): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 20, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(15, 16, 1023, 1024, 4093, 8192, 32768, 65536, 70000).map((n) => {
        const b = new Uint8Array(n);
        for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
        return b;
      }),
    },
  );

export const date = (): fc.Arbitrary<Date> =>
  fc
    .oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((m) => m * 60000),
      fc.constantFrom(0, -1, 1700000000000, 1699999980000),
    )
    .map((ms) => new Date(ms));

export const scalar = (): fc.Arbitrary<HessianValue> =>
  fc.oneof(fc.constant(null), fc.boolean(), int32(), int64(), double(), text(), binary(), date());

/** Classes with fixed field lists, as a Java class would have. */
const CLASSES: readonly (readonly [string, readonly string[]])[] = [
  ["com.example.User", ["id", "name", "email", "tags", "createdAt", "score"]],
  ["com.example.Node", ["name", "next", "children"]],
  ["com.example.Pair", ["first", "second"]],
  ["com.example.Empty", []],
  ["com.example.Weird", ["__proto__", "constructor", "prototype"]],
];

export interface TreeOptions {
  readonly maxDepth?: number;
  /** Add shared references and cycles between containers. */
  readonly sharing?: boolean;
  /**
   * Only what the npm peers (hessian.js, sofa-hessian-node) can express in their input
   * language (see crosscheck.test.ts): no variable-length lists, no typed maps, no
   * `__proto__`-like names, map keys distinct as strings (their decoders make plain objects).
   */
  readonly peer?: boolean;
}

/** Nested values: untyped and typed lists, arrays, maps, objects, and optionally refs/cycles. */
export function value(options: TreeOptions = {}): fc.Arbitrary<HessianValue> {
  const peer = options.peer === true;
  const mapKey: fc.Arbitrary<HessianValue> = peer
    ? fc.oneof(text(8), int32(), int64())
    : fc.oneof(text(8), int32(), int64(), fc.constantFrom("__proto__", "constructor", "prototype"));
  const classes = peer ? CLASSES.filter(([c]) => c !== "com.example.Weird") : CLASSES;
  const { tree } = fc.letrec<{ tree: HessianValue; container: HessianValue }>((tie) => ({
    tree: fc.oneof({ maxDepth: options.maxDepth ?? 3, depthSize: "small" }, scalar(), tie("container")),
    container: fc.oneof(
      fc.array(tie("tree"), { maxLength: 6 }),
      fc.array(tie("tree"), { maxLength: 4 }).map((items) => (peer ? items : new JavaList(null, items, true))),
      fc
        .tuple(
          fc.constantFrom("java.util.HashSet", "java.util.LinkedList", "[object", "com.example.MyList"),
          fc.array(tie("tree"), { maxLength: 5 }),
          peer ? fc.constant(false) : fc.boolean(),
        )
        .map(([type, items, variable]) => new JavaList(type, items, variable)),
      fc.array(int32(), { maxLength: 10 }).map((items) => new JavaList("[int", items)),
      fc.array(fc.option(text(8)), { maxLength: 5 }).map((items) => new JavaList("[string", items)),
      fc.array(int64(), { maxLength: 4 }).map((items) => new JavaList("[long", items)),
      fc
        .tuple(
          peer
            ? fc.constant(null)
            : fc.constantFrom(null, "java.util.TreeMap", "java.util.LinkedHashMap", "com.example.Attrs"),
          fc.uniqueArray(fc.tuple(mapKey, tie("tree")), {
            maxLength: 5,
            selector: ([k]) => (peer ? String(k) : k),
          }),
        )
        .map(([type, entries]) => new JavaMap(type, entries)),
      fc
        .tuple(fc.constantFrom(...classes), fc.array(tie("tree"), { minLength: 6, maxLength: 6 }))
        .map(([[cls, names], vals]) => new JavaObject(cls, names, vals.slice(0, names.length))),
    ),
  }));
  if (!options.sharing) return tree;
  return fc
    .tuple(tree, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 4 }))
    .map(([root, links]) => addSharing(root, links, peer));
}

/** Deep copy of a tree without sharing (what `value()` generates before links are added). */
function cloneTree(v: HessianValue): HessianValue {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof Uint8Array) return v.slice();
  if (v instanceof JavaDouble) return new JavaDouble(v.value);
  if (Array.isArray(v)) return v.map(cloneTree);
  if (v instanceof JavaList) return new JavaList(v.type, v.items.map(cloneTree), v.variableLength);
  if (v instanceof JavaMap)
    return new JavaMap(
      v.type,
      [...v.entries].map(([k, x]) => [cloneTree(k), cloneTree(x)] as const),
    );
  if (v instanceof JavaObject) return new JavaObject(v.className, [...v.fieldNames], v.values.map(cloneTree));
  return v;
}

function containers(root: HessianValue): object[] {
  const out: object[] = [];
  const seen = new Set<object>();
  const walk = (v: HessianValue): void => {
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    if (v instanceof Date || v instanceof Uint8Array || v instanceof JavaDouble) return;
    seen.add(v);
    if (Array.isArray(v)) {
      out.push(v);
      v.forEach(walk);
    } else if (v instanceof JavaList) {
      out.push(v);
      v.items.forEach(walk);
    } else if (v instanceof JavaMap) {
      out.push(v);
      for (const [k, x] of v.entries) {
        walk(k);
        walk(x);
      }
    } else if (v instanceof JavaObject) {
      out.push(v);
      v.values.forEach(walk);
    }
  };
  walk(root);
  return out;
}

/** Makes container `from` hold container `to` (a shared reference, or a cycle if `to` is an ancestor). */
function addSharing(
  root: HessianValue,
  links: readonly (readonly [number, number, number])[],
  distinctKeys = false,
): HessianValue {
  // fast-check reuses generated values while shrinking: link a fresh copy, never the original.
  root = cloneTree(root);
  const nodes = containers(root);
  if (nodes.length === 0) return root;
  for (const [f, t, slot] of links) {
    const from = nodes[f % nodes.length] as HessianValue;
    const to = nodes[t % nodes.length] as HessianValue;
    if (Array.isArray(from)) from.push(to);
    else if (from instanceof JavaList) {
      // primitive arrays hold only their component type
      if (from.type === null || from.type === "[object" || !from.type.startsWith("[")) from.items.push(to);
    } else if (from instanceof JavaMap) {
      const key = `ref-${slot}`;
      if (!distinctKeys || ![...from.entries.keys()].some((k) => String(k) === key)) from.set(key, to);
    } else if (from instanceof JavaObject && from.values.length > 0) from.values[slot % from.values.length] = to;
  }
  return root;
}
