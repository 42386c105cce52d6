/**
 * The canonical value description of fixtures/hessian2/README.md, built from our decoded
 * model, and a comparer for two descriptions. It mirrors interop/java/hessian-common's
 * Describer.java: what a Java reader would have built from the same bytes.
 *
 * Rules where our model and Java's objects genuinely differ in what can be known
 * (the comparer and describer apply them; each is deliberate):
 *
 *  R1 enum: Java knows a class is an enum; we only see an object whose single field is
 *     `name` (a string), which is how every Java writer serializes an enum. We describe such an
 *     object as `{"t":"enum"}` (except java.lang.Class, whose handle also has one `name`
 *     field and which Java describes as an object). The comparer also accepts an `object`
 *     with exactly that one string field against an `enum` of the same class and name, in
 *     either direction, so a POJO that happens to have only a `name` field still compares.
 *  R2 BigDecimal / BigInteger: objects on the wire (`value`, resp. `signum`/`mag`...) that
 *     Java turns into numbers; described as `bigdecimal` / `biginteger`, and, as in Java's
 *     Describer, they take no reference id and are never described as `ref`.
 *  R3 collection class: a typed list's wire type names what Java instantiates. Arrays
 *     (`[int`...) become `array`; known concrete collections keep their name; interfaces
 *     and abstract types map to Java's default implementation (List/Collection → ArrayList,
 *     Set → HashSet, SortedSet → TreeSet); anything else, including classes Java cannot
 *     load or instantiate, becomes java.util.ArrayList, as Caucho's and SOFA's readers do.
 *     Untyped and variable-length lists are ArrayList.
 *  R4 map class: likewise; untyped ('H', or 'M' without type) → HashMap.
 *  R5 references: ids are resolved per description tree (pre-order over list/array/map/
 *     object nodes, map keys before values, as Describer.java walks them) and compared as an
 *     identity *pairing*, not as numbers: Java iterates a HashMap in hash order while we
 *     iterate wire order, so the same graph can number its nodes differently.
 *  R6 map entries are unordered; object fields are compared by name (a name that occurs
 *     twice, a shadowed field, is compared as a multiset).
 *  R8 Java "handles": Caucho and SOFA 4 write Byte/Short/Float as objects
 *     `com.caucho.hessian.io.{Byte,Short,Float}Handle` with one field `_value`, which Java
 *     resolves to the boxed number: described as int, resp. as the double Java prints for
 *     the float (`Double.parseDouble(Float.toString(f))`); they take no reference id.
 *     `LocaleHandle` (any package: hessian-lite relocates it) is the object java.util.Locale
 *     with its `value`; a java.util.UUID written as its two long fields is described with
 *     the single `value` field Java's describer prints (the UUID string).
 *  R9 floats: Java narrows a double read into a `float` field, a float[] or a Float and
 *     prints the float's decimal (0.1f → 0.1), while we keep the wire double
 *     (0.10000000149011612). A double of ours that is exactly a float value
 *     (Math.fround(x) === x) therefore matches an expected double that rounds to the same
 *     float. (It would hide a decoder that narrowed a real double to float only if Java
 *     itself had read that float: accepted.)
 *  R10 array components: Hessian names a Date array `[date`; Java's describer prints the
 *     class, java.util.Date (string/object/primitive names are the same on both sides).
 *  R11 missing fields: Java's describer lists every non-static, non-transient field of the
 *     class, defaults included; a writer may leave some out (sofa-hessian 3 omits
 *     StackTraceElement.format). A field the expected side has and ours lacks matches when
 *     its expected value is a Java default (null, false, 0, 0L, 0.0). Extra fields of ours
 *     are a mismatch.
 *  R7 numbers: a plain integral JS number is an int (outside int32 it is described as a
 *     long: the encoder writes it as one); a bigint is a long; a JavaDouble or a
 *     non-integral number is a double.
 */
import fc from "fast-check";
import { javaFloatToDouble } from "../src/float.js";
import { type HessianValue, JavaDouble, JavaFloat, JavaList, JavaMap, JavaObject } from "../src/model.js";

export type Desc =
  | { readonly t: "null" }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "int"; readonly v: number }
  | { readonly t: "long"; readonly v: string }
  | { readonly t: "double"; readonly v: number | string }
  | { readonly t: "string"; readonly v: string }
  | { readonly t: "binary"; readonly hex: string }
  | { readonly t: "date"; readonly ms: string }
  | { readonly t: "list"; readonly class: string; readonly items: readonly Desc[] }
  | { readonly t: "array"; readonly component: string; readonly items: readonly Desc[] }
  | { readonly t: "map"; readonly class: string; readonly entries: readonly (readonly [Desc, Desc])[] }
  | { readonly t: "bigdecimal"; readonly v: string }
  | { readonly t: "biginteger"; readonly v: string }
  | { readonly t: "enum"; readonly class: string; readonly name: string }
  | { readonly t: "object"; readonly class: string; readonly fields: readonly (readonly [string, Desc])[] }
  | { readonly t: "ref"; readonly id: number };

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`bad hex (${hex.length} chars)`);
  return new Uint8Array(Buffer.from(hex, "hex"));
}

const LIST_CLASSES: ReadonlyMap<string, string> = new Map([
  ["java.util.List", "java.util.ArrayList"],
  ["java.util.Collection", "java.util.ArrayList"],
  ["java.util.AbstractList", "java.util.ArrayList"],
  ["java.util.Set", "java.util.HashSet"],
  ["java.util.AbstractSet", "java.util.HashSet"],
  ["java.util.SortedSet", "java.util.TreeSet"],
  ["java.util.NavigableSet", "java.util.TreeSet"],
  ["java.util.ArrayList", "java.util.ArrayList"],
  ["java.util.LinkedList", "java.util.LinkedList"],
  ["java.util.Vector", "java.util.Vector"],
  ["java.util.Stack", "java.util.Stack"],
  ["java.util.HashSet", "java.util.HashSet"],
  ["java.util.LinkedHashSet", "java.util.LinkedHashSet"],
  ["java.util.TreeSet", "java.util.TreeSet"],
  ["java.util.ArrayDeque", "java.util.ArrayDeque"],
  ["java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArrayList"],
  ["java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.CopyOnWriteArraySet"],
]);

const MAP_CLASSES: ReadonlyMap<string, string> = new Map([
  ["java.util.Map", "java.util.HashMap"],
  ["java.util.AbstractMap", "java.util.HashMap"],
  ["java.util.SortedMap", "java.util.TreeMap"],
  ["java.util.NavigableMap", "java.util.TreeMap"],
  ["java.util.HashMap", "java.util.HashMap"],
  ["java.util.LinkedHashMap", "java.util.LinkedHashMap"],
  ["java.util.TreeMap", "java.util.TreeMap"],
  ["java.util.Hashtable", "java.util.Hashtable"],
  ["java.util.IdentityHashMap", "java.util.IdentityHashMap"],
  ["java.util.WeakHashMap", "java.util.WeakHashMap"],
  ["java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap"],
  ["java.util.concurrent.ConcurrentMap", "java.util.concurrent.ConcurrentHashMap"],
  ["java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListMap"],
  ["java.util.Properties", "java.util.Properties"],
]);

/** Overrides for rules R3/R4 (e.g. a fixture shows a peer instantiating an unusual class). */
export interface DescribeOptions {
  readonly listClass?: (wireType: string) => string | undefined;
  readonly mapClass?: (wireType: string) => string | undefined;
}

function doubleDesc(n: number): Desc {
  if (Number.isNaN(n)) return { t: "double", v: "NaN" };
  if (n === Number.POSITIVE_INFINITY) return { t: "double", v: "Infinity" };
  if (n === Number.NEGATIVE_INFINITY) return { t: "double", v: "-Infinity" };
  if (Object.is(n, -0)) return { t: "double", v: "-0" };
  return { t: "double", v: n };
}

function bigIntegerOf(o: JavaObject): bigint | undefined {
  const vi = o.fieldNames.indexOf("value");
  if (vi >= 0 && typeof o.values[vi] === "string") {
    try {
      return BigInt(o.values[vi] as string);
    } catch {
      return undefined;
    }
  }
  const si = o.fieldNames.indexOf("signum");
  const mi = o.fieldNames.indexOf("mag");
  if (si < 0 || mi < 0) return undefined;
  const signum = o.values[si];
  const mag = o.values[mi];
  const words = mag instanceof JavaList ? mag.items : Array.isArray(mag) ? mag : undefined;
  if (typeof signum !== "number" || words === undefined) return undefined;
  let m = 0n;
  for (const w of words) {
    if (typeof w !== "number") return undefined;
    m = (m << 32n) | BigInt(w >>> 0);
  }
  return signum < 0 ? -m : m;
}

const HANDLE_PACKAGE = "com.caucho.hessian.io.";

/** R8: Byte/Short/Float handles. */
function describeNumberHandle(o: JavaObject): Desc | undefined {
  if (!o.className.startsWith(HANDLE_PACKAGE) || o.fieldNames.length !== 1 || o.fieldNames[0] !== "_value") {
    return undefined;
  }
  const kind = o.className.slice(HANDLE_PACKAGE.length);
  const raw = o.values[0];
  const n = raw instanceof JavaDouble ? raw.value : raw;
  if (typeof n !== "number") return undefined;
  if (kind === "ByteHandle" || kind === "ShortHandle") return { t: "int", v: n };
  if (kind === "FloatHandle") return doubleDesc(javaFloatToDouble(n));
  return undefined;
}

/** R8: java.util.UUID as the bean serializer writes it (mostSigBits, leastSigBits). */
function uuidOf(o: JavaObject): string | undefined {
  if (o.className !== "java.util.UUID" || o.fieldNames.length !== 2) return undefined;
  const hi = o.get("mostSigBits");
  const lo = o.get("leastSigBits");
  if (typeof hi !== "bigint" || typeof lo !== "bigint") return undefined;
  const hex =
    BigInt.asUintN(64, hi).toString(16).padStart(16, "0") + BigInt.asUintN(64, lo).toString(16).padStart(16, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** R10: Hessian's array component name → what Describer.java prints. */
function componentName(hessian: string): string {
  const depth = hessian.length - hessian.replace(/^\[+/, "").length;
  const base = hessian.slice(depth);
  return "[".repeat(depth) + (base === "date" ? "java.util.Date" : base);
}

/** R1: how every Java writer serializes an enum constant. */
export function looksLikeEnum(o: JavaObject): boolean {
  return (
    o.fieldNames.length === 1 &&
    o.fieldNames[0] === "name" &&
    typeof o.values[0] === "string" &&
    o.className !== "java.lang.Class"
  );
}

/** Describes one top-level value (reference ids restart at 0, as in Describer.java). */
export function describe(value: unknown, options: DescribeOptions = {}): Desc {
  const seen = new Map<object, number>();
  let next = 0;
  const d = (v: unknown): Desc => {
    if (v === null || v === undefined) return { t: "null" };
    switch (typeof v) {
      case "boolean":
        return { t: "bool", v };
      case "number":
        if (Number.isInteger(v) && !Object.is(v, -0)) {
          return v >= -0x8000_0000 && v <= 0x7fff_ffff ? { t: "int", v } : { t: "long", v: String(v) };
        }
        return doubleDesc(v);
      case "bigint":
        return { t: "long", v: v.toString() };
      case "string":
        return { t: "string", v };
      case "object":
        break;
      default:
        throw new TypeError(`not a Hessian value: ${typeof v}`);
    }
    if (v instanceof JavaDouble) return doubleDesc(v.value);
    if (v instanceof JavaFloat) return doubleDesc(javaFloatToDouble(v.value));
    if (v instanceof Date) return { t: "date", ms: String(v.getTime()) };
    if (v instanceof Uint8Array) return { t: "binary", hex: toHex(v) };
    if (v instanceof JavaObject) {
      if (v.className === "java.math.BigDecimal" && v.fieldNames.length === 1 && typeof v.values[0] === "string") {
        return { t: "bigdecimal", v: v.values[0] };
      }
      if (v.className === "java.math.BigInteger") {
        const big = bigIntegerOf(v);
        if (big !== undefined) return { t: "biginteger", v: big.toString() };
      }
      if (looksLikeEnum(v)) return { t: "enum", class: v.className, name: v.values[0] as string };
      const handled = describeNumberHandle(v);
      if (handled !== undefined) return handled;
    }
    const ref = seen.get(v as object);
    if (ref !== undefined) return { t: "ref", id: ref };
    seen.set(v as object, next++);
    if (Array.isArray(v)) return { t: "list", class: "java.util.ArrayList", items: v.map(d) };
    if (v instanceof JavaList) {
      const type = v.type;
      if (type?.startsWith("[")) return { t: "array", component: componentName(type.slice(1)), items: v.items.map(d) };
      const cls =
        type === null
          ? "java.util.ArrayList"
          : (options.listClass?.(type) ?? LIST_CLASSES.get(type) ?? "java.util.ArrayList");
      return { t: "list", class: cls, items: v.items.map(d) };
    }
    if (v instanceof JavaMap) {
      const type = v.type;
      const cls =
        type === null || type === ""
          ? "java.util.HashMap"
          : (options.mapClass?.(type) ?? MAP_CLASSES.get(type) ?? "java.util.HashMap");
      const entries: [Desc, Desc][] = [];
      for (const [k, val] of v.entries) {
        const kd = d(k);
        entries.push([kd, d(val)]);
      }
      return { t: "map", class: cls, entries };
    }
    if (v instanceof JavaObject) {
      if (v.className.endsWith("com.caucho.hessian.io.LocaleHandle") && v.has("value")) {
        return { t: "object", class: "java.util.Locale", fields: [["value", d(v.get("value"))]] };
      }
      const uuid = uuidOf(v);
      if (uuid !== undefined)
        return { t: "object", class: "java.util.UUID", fields: [["value", { t: "string", v: uuid }]] };
      const fields: [string, Desc][] = [];
      for (let i = 0; i < v.fieldNames.length; i++) fields.push([v.fieldNames[i] as string, d(v.values[i])]);
      return { t: "object", class: v.className, fields };
    }
    throw new TypeError(`not a Hessian value: ${Object.prototype.toString.call(v)}`);
  };
  return d(value);
}

// ---------------------------------------------------------------------------------------
// Comparison

type Node = Exclude<Desc, { t: "ref" }>;
type Counted = Extract<Desc, { t: "list" | "array" | "map" | "object" }>;

function isCounted(d: Desc): d is Counted {
  return d.t === "list" || d.t === "array" || d.t === "map" || d.t === "object";
}

/** Pre-order index of the counted nodes of one description tree (R5). */
function indexNodes(root: Desc): Counted[] {
  const out: Counted[] = [];
  const walk = (d: Desc): void => {
    if (!isCounted(d)) return;
    out.push(d);
    if (d.t === "list" || d.t === "array") for (const i of d.items) walk(i);
    else if (d.t === "map")
      for (const [k, v] of d.entries) {
        walk(k);
        walk(v);
      }
    else for (const [, v] of d.fields) walk(v);
  };
  walk(root);
  return out;
}

class Pairing {
  readonly ab = new Map<Counted, Counted>();
  readonly ba = new Map<Counted, Counted>();
  clone(): Pairing {
    const p = new Pairing();
    for (const [k, v] of this.ab) p.ab.set(k, v);
    for (const [k, v] of this.ba) p.ba.set(k, v);
    return p;
  }
  adopt(other: Pairing): void {
    this.ab.clear();
    this.ba.clear();
    for (const [k, v] of other.ab) this.ab.set(k, v);
    for (const [k, v] of other.ba) this.ba.set(k, v);
  }
}

function doubleKey(v: number | string): string {
  if (typeof v === "string") return v;
  if (Object.is(v, -0)) return "-0";
  return String(v);
}

/** A cheap shape key: equal descriptions always have equal keys (refs are opaque). */
function shapeKey(d: Desc): string {
  switch (d.t) {
    case "null":
      return "n";
    case "bool":
      return `b${d.v}`;
    case "int":
      return `i${d.v}`;
    case "long":
      return `l${d.v}`;
    case "double":
      return `d${doubleKey(d.v)}`;
    case "string":
      return `s${JSON.stringify(d.v)}`;
    case "binary":
      return `x${d.hex}`;
    case "date":
      return `t${d.ms}`;
    case "bigdecimal":
      return `D${d.v}`;
    case "biginteger":
      return `I${d.v}`;
    // enum and a one-field object compare equal (R1): same key.
    case "enum":
      return `e${d.class}`;
    case "object":
      return d.fields.length === 1 && d.fields[0]?.[0] === "name" && d.fields[0][1].t === "string"
        ? `e${d.class}`
        : `o${d.class}`;
    default:
      return d.t; // list, array, map, ref: compared deeply
  }
}

class Comparer {
  private readonly nodesA: Counted[];
  private readonly nodesB: Counted[];
  pairing = new Pairing();

  constructor(a: Desc, b: Desc) {
    this.nodesA = indexNodes(a);
    this.nodesB = indexNodes(b);
  }

  private resolve(d: Desc, nodes: Counted[], side: string, path: string): Node {
    if (d.t !== "ref") return d;
    const target = nodes[d.id];
    if (target === undefined) throw new Mismatch(`${path}: ${side} ref ${d.id} points past ${nodes.length} nodes`);
    return target;
  }

  compare(a: Desc, b: Desc, path: string): void {
    const ra = this.resolve(a, this.nodesA, "expected", path);
    const rb = this.resolve(b, this.nodesB, "actual", path);
    // R1: enum against a one-string-field object of the same class.
    const ea = asEnum(ra);
    const eb = asEnum(rb);
    if (ea && eb && (ra.t === "enum" || rb.t === "enum")) {
      if (ea.class !== eb.class || ea.name !== eb.name) {
        throw new Mismatch(`${path}: expected enum ${ea.class}.${ea.name}, got ${eb.class}.${eb.name}`);
      }
      return;
    }
    if (ra.t !== rb.t) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
    if (isCounted(ra) && isCounted(rb)) {
      const pa = this.pairing.ab.get(ra);
      const pb = this.pairing.ba.get(rb);
      if (pa !== undefined || pb !== undefined) {
        if (pa !== rb || pb !== ra) {
          throw new Mismatch(`${path}: reference structure differs (shared/cyclic nodes do not correspond)`);
        }
        return;
      }
      this.pairing.ab.set(ra, rb);
      this.pairing.ba.set(rb, ra);
    }
    switch (ra.t) {
      case "null":
        return;
      case "bool":
      case "int":
      case "long":
      case "string":
      case "bigdecimal":
      case "biginteger":
        if (ra.v !== (rb as typeof ra).v) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "double":
        if (doubleKey(ra.v) !== doubleKey((rb as typeof ra).v) && !sameFloat(ra.v, (rb as typeof ra).v))
          throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "binary":
        if (ra.hex !== (rb as typeof ra).hex) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "date":
        if (ra.ms !== (rb as typeof ra).ms) throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      case "enum": {
        const e = rb as typeof ra;
        if (ra.class !== e.class || ra.name !== e.name)
          throw new Mismatch(`${path}: expected ${brief(ra)}, got ${brief(rb)}`);
        return;
      }
      case "list":
      case "array": {
        const lb = rb as typeof ra;
        if (ra.t === "list" && ra.class !== (lb as typeof ra).class)
          throw new Mismatch(`${path}: expected list class ${ra.class}, got ${(lb as typeof ra).class}`);
        if (ra.t === "array" && ra.component !== (lb as typeof ra).component)
          throw new Mismatch(`${path}: expected array of ${ra.component}, got ${(lb as typeof ra).component}`);
        if (ra.items.length !== lb.items.length)
          throw new Mismatch(`${path}: expected ${ra.items.length} items, got ${lb.items.length}`);
        for (let i = 0; i < ra.items.length; i++)
          this.compare(ra.items[i] as Desc, lb.items[i] as Desc, `${path}[${i}]`);
        return;
      }
      case "map": {
        const mb = rb as typeof ra;
        if (ra.class !== mb.class) throw new Mismatch(`${path}: expected map class ${ra.class}, got ${mb.class}`);
        if (ra.entries.length !== mb.entries.length)
          throw new Mismatch(`${path}: expected ${ra.entries.length} entries, got ${mb.entries.length}`);
        this.matchUnordered(
          ra.entries.map(([k, v]) => ({ key: shapeKey(k), label: shortKey(k), parts: [k, v] as const })),
          mb.entries.map(([k, v]) => ({ key: shapeKey(k), label: shortKey(k), parts: [k, v] as const })),
          path,
          (label) => `{${label}}`,
        );
        return;
      }
      case "object": {
        const ob = rb as typeof ra;
        if (ra.class !== ob.class) throw new Mismatch(`${path}: expected object ${ra.class}, got ${ob.class}`);
        // R11: expected fields we do not have at all must hold Java defaults.
        const present = new Set(ob.fields.map(([n]) => n));
        const expectedFields = ra.fields.filter(([n, v]) => present.has(n) || !isJavaDefault(v));
        const namesA = expectedFields.map(([n]) => n).sort();
        const namesB = ob.fields.map(([n]) => n).sort();
        if (namesA.join("\0") !== namesB.join("\0")) {
          throw new Mismatch(`${path}: ${ra.class} fields differ: expected [${namesA}], got [${namesB}]`);
        }
        this.matchUnordered(
          expectedFields.map(([n, v]) => ({ key: n, label: n, parts: [v] as const })),
          ob.fields.map(([n, v]) => ({ key: n, label: n, parts: [v] as const })),
          path,
          (label) => `.${label}`,
        );
        return;
      }
    }
  }

  /**
   * Matches two bags of entries: same key bucket, first candidate whose deep comparison
   * succeeds (pairing state is rolled back after a failed trial).
   */
  private matchUnordered(
    as: { key: string; label: string; parts: readonly Desc[] }[],
    bs: { key: string; label: string; parts: readonly Desc[] }[],
    path: string,
    step: (label: string) => string,
  ): void {
    const buckets = new Map<string, { parts: readonly Desc[]; used: boolean }[]>();
    for (const b of bs) {
      let list = buckets.get(b.key);
      if (list === undefined) buckets.set(b.key, (list = []));
      list.push({ parts: b.parts, used: false });
    }
    for (const a of as) {
      const candidates = buckets.get(a.key) ?? [];
      const free = candidates.filter((c) => !c.used);
      if (free.length === 0) throw new Mismatch(`${path}${step(a.label)}: missing in actual`);
      if (free.length === 1) {
        // No alternative to try: compare in place, no rollback needed.
        const only = free[0] as { parts: readonly Desc[]; used: boolean };
        for (let i = 0; i < a.parts.length; i++)
          this.compare(a.parts[i] as Desc, only.parts[i] as Desc, `${path}${step(a.label)}`);
        only.used = true;
        continue;
      }
      let lastError: Mismatch | undefined;
      let matched = false;
      for (const c of free) {
        const saved = this.pairing.clone();
        try {
          for (let i = 0; i < a.parts.length; i++)
            this.compare(a.parts[i] as Desc, c.parts[i] as Desc, `${path}${step(a.label)}`);
          c.used = true;
          matched = true;
          break;
        } catch (error) {
          if (!(error instanceof Mismatch)) throw error;
          lastError = error;
          this.pairing.adopt(saved);
        }
      }
      if (!matched) throw lastError ?? new Mismatch(`${path}${step(a.label)}: no match`);
    }
  }
}

class Mismatch extends Error {}

function isJavaDefault(d: Desc): boolean {
  switch (d.t) {
    case "null":
      return true;
    case "bool":
      return d.v === false;
    case "int":
      return d.v === 0;
    case "long":
      return d.v === "0";
    case "double":
      return d.v === 0 && !Object.is(d.v, -0);
    default:
      return false;
  }
}

function numeric(v: number | string): number {
  return typeof v === "number" ? v : v === "-0" ? -0 : Number(v);
}

/** R9: `actual` is exactly a float and `expected` is that float's decimal (or vice versa). */
function sameFloat(expected: number | string, actual: number | string): boolean {
  const e = numeric(expected);
  const a = numeric(actual);
  if (!Number.isFinite(e) || !Number.isFinite(a)) return false;
  return (Math.fround(a) === a && Math.fround(e) === a) || (Math.fround(e) === e && Math.fround(a) === e);
}

function asEnum(d: Node): { class: string; name: string } | undefined {
  if (d.t === "enum") return { class: d.class, name: d.name };
  if (d.t === "object" && d.fields.length === 1 && d.fields[0]?.[0] === "name") {
    const v = d.fields[0][1];
    if (v.t === "string") return { class: d.class, name: v.v };
  }
  return undefined;
}

function shortKey(d: Desc): string {
  const s = shapeKey(d);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function brief(d: Desc): string {
  const s = JSON.stringify(d);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

/**
 * Compares two descriptions under rules R1–R6; returns undefined when they are equal, else
 * a message naming the first difference with its path.
 */
export function compareDescriptions(expected: Desc, actual: Desc): string | undefined {
  try {
    new Comparer(expected, actual).compare(expected, actual, "$");
    return undefined;
  } catch (error) {
    if (error instanceof Mismatch) return error.message;
    throw error;
  }
}

/** Compares lists of top-level values (each value has its own reference numbering). */
export function compareValueLists(expected: readonly Desc[], actual: readonly Desc[]): string | undefined {
  if (expected.length !== actual.length) return `expected ${expected.length} values, got ${actual.length}`;
  for (let i = 0; i < expected.length; i++) {
    const diff = compareDescriptions(expected[i] as Desc, actual[i] as Desc);
    if (diff !== undefined) return `value ${i}: ${diff}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Structural equality of two model values (for round-trip properties)

export interface ModelEqualsOptions {
  /**
   * Java writers (and so our encoder, for byte-exactness) write the double -0.0 as the
   * one-byte 0.0; with this set, an expected -0 double matches an actual +0 double.
   */
  readonly negativeZeroDoubleBecomesZero?: boolean;
}

/**
 * Deep equality of two values of the lossless model: same JS/Java kinds (int vs long vs
 * double, typed vs untyped lists, map types), numbers by Object.is, strings by UTF-16 units,
 * object fields in order, map entries in order, and the same sharing/cycle structure (an
 * identity pairing of containers). Returns undefined when equal, else the first difference.
 */
export function modelEquals(expected: unknown, actual: unknown, options: ModelEqualsOptions = {}): string | undefined {
  const ab = new Map<object, object>();
  const ba = new Map<object, object>();
  const fail = (path: string, why: string): never => {
    throw new Mismatch(`${path}: ${why}`);
  };
  const num = (e: number, a: number, path: string): void => {
    if (Object.is(e, a)) return;
    if (options.negativeZeroDoubleBecomesZero && Object.is(e, -0) && Object.is(a, 0)) return;
    fail(path, `expected ${String(Object.is(e, -0) ? "-0" : e)}, got ${String(Object.is(a, -0) ? "-0" : a)}`);
  };
  const eq = (e: unknown, a: unknown, path: string): void => {
    if (e === null || typeof e !== "object") {
      if (typeof e !== typeof a) fail(path, `expected ${typeof e}, got ${a === null ? "null" : typeof a}`);
      if (typeof e === "number") num(e, a as number, path);
      else if (e !== a) fail(path, `expected ${String(e)}, got ${String(a)}`);
      return;
    }
    if (a === null || typeof a !== "object") fail(path, `expected an object, got ${String(a)}`);
    const ao = a as object;
    if (e.constructor !== ao.constructor) fail(path, `expected ${e.constructor?.name}, got ${ao.constructor?.name}`);
    if (e instanceof JavaDouble) {
      num(e.value, (a as JavaDouble).value, path);
      return;
    }
    if (e instanceof Date) {
      if (e.getTime() !== (a as Date).getTime())
        fail(path, `expected date ${e.getTime()}, got ${(a as Date).getTime()}`);
      return;
    }
    if (e instanceof Uint8Array) {
      if (toHex(e) !== toHex(a as Uint8Array)) fail(path, "binary differs");
      return;
    }
    const pe = ab.get(e);
    const pa = ba.get(ao);
    if (pe !== undefined || pa !== undefined) {
      if (pe !== ao || pa !== e) fail(path, "sharing/cycle structure differs");
      return;
    }
    ab.set(e, ao);
    ba.set(ao, e);
    if (Array.isArray(e)) {
      const aa = a as unknown[];
      if (e.length !== aa.length) fail(path, `expected ${e.length} items, got ${aa.length}`);
      for (let i = 0; i < e.length; i++) eq(e[i], aa[i], `${path}[${i}]`);
      return;
    }
    if (e instanceof JavaList) {
      const al = a as JavaList;
      if (e.type !== al.type) fail(path, `expected list type ${e.type}, got ${al.type}`);
      if (e.variableLength !== al.variableLength) fail(path, "variableLength differs");
      eq(e.items, al.items, `${path}.items`);
      return;
    }
    if (e instanceof JavaMap) {
      const am = a as JavaMap;
      if (e.type !== am.type) fail(path, `expected map type ${e.type}, got ${am.type}`);
      const ee = [...e.entries];
      const ae = [...am.entries];
      if (ee.length !== ae.length) fail(path, `expected ${ee.length} entries, got ${ae.length}`);
      for (let i = 0; i < ee.length; i++) {
        eq(ee[i]?.[0], ae[i]?.[0], `${path}.key[${i}]`);
        eq(ee[i]?.[1], ae[i]?.[1], `${path}.value[${i}]`);
      }
      return;
    }
    if (e instanceof JavaObject) {
      const ob = a as JavaObject;
      if (e.className !== ob.className) fail(path, `expected class ${e.className}, got ${ob.className}`);
      if (e.fieldNames.join("\0") !== ob.fieldNames.join("\0"))
        fail(path, `expected fields [${e.fieldNames}], got [${ob.fieldNames}]`);
      for (let i = 0; i < e.values.length; i++) eq(e.values[i], ob.values[i], `${path}.${e.fieldNames[i]}`);
      return;
    }
    fail(path, `unexpected value ${Object.prototype.toString.call(e)}`);
  };
  try {
    eq(expected, actual, "$");
    return undefined;
  } catch (error) {
    if (error instanceof Mismatch) return error.message;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
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
