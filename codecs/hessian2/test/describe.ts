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
import { javaFloatToDouble } from "../src/float.js";
import { JavaDouble, JavaFloat, JavaList, JavaMap, JavaObject } from "../src/model.js";

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

export * from "./arbitraries.js";
// The comparer, the model equality and the generators live beside this file; importers
// keep one entry point.
export * from "./compare-descriptions.js";
export * from "./model-equals.js";
