import { INT32_MAX, INT32_MIN, isInt64, parseInt64 } from "@tribridge/core";
import { internFieldNames } from "./class-defs.js";
import { WrapperError } from "./errors.js";
import { java } from "./java.js";
import { JavaDouble, JavaFloat, JavaList, JavaMap, JavaObject } from "./model.js";

/**
 * hessian.js / js-to-java `{ $class, $ }` wrappers, turned into the typed model so the
 * encoder has one path per Java type. Only the wrapper itself is converted: values inside
 * `$` stay as given and are converted when the encoder reaches them.
 */

const INT_CLASSES = new Set(["int", "java.lang.Integer", "short", "java.lang.Short", "byte", "java.lang.Byte"]);
const LONG_CLASSES = new Set(["long", "java.lang.Long"]);
const DOUBLE_CLASSES = new Set(["double", "java.lang.Double"]);
const FLOAT_CLASSES = new Set(["float", "java.lang.Float"]);
const BOOLEAN_CLASSES = new Set(["boolean", "java.lang.Boolean"]);
const STRING_CLASSES = new Set(["java.lang.String", "string", "char", "java.lang.Character"]);
const UNTYPED_LISTS = new Set(["java.util.List", "java.util.ArrayList", "java.util.Collection"]);
const UNTYPED_MAPS = new Set(["java.util.Map", "java.util.HashMap"]);
const MAP_CLASSES = new Set([
  "java.util.LinkedHashMap",
  "java.util.TreeMap",
  "java.util.Hashtable",
  "java.util.Properties",
  "java.util.WeakHashMap",
  "java.util.IdentityHashMap",
  "java.util.concurrent.ConcurrentHashMap",
  "java.util.concurrent.ConcurrentSkipListMap",
]);

/** What the encoder can write straight from a wrapper, without `unwrap` (encode/pojo-list-1000 with wrappers). */
export const WRAP_GENERAL = 0; // anything `unwrap` must handle
export const WRAP_INT = 1;
export const WRAP_LONG = 2;
export const WRAP_DOUBLE = 3;
export const WRAP_CLASS = 4; // no special meaning: an object `$` is an instance of this class

const KINDS = new Map<string, number>();
for (const c of INT_CLASSES) KINDS.set(c, WRAP_INT);
for (const c of LONG_CLASSES) KINDS.set(c, WRAP_LONG);
for (const c of DOUBLE_CLASSES) KINDS.set(c, WRAP_DOUBLE);
for (const set of [FLOAT_CLASSES, BOOLEAN_CLASSES, STRING_CLASSES, UNTYPED_LISTS, UNTYPED_MAPS, MAP_CLASSES]) {
  for (const c of set) KINDS.set(c, WRAP_GENERAL);
}
for (const c of ["java.lang.Object", "java.util.Date", "java.math.BigDecimal"]) KINDS.set(c, WRAP_GENERAL);

export function wrapperKind(cls: string): number {
  const kind = KINDS.get(cls);
  if (kind !== undefined) return kind;
  return cls.charCodeAt(0) === 0x5b ? WRAP_GENERAL : WRAP_CLASS; // '[' arrays
}

export function isWrapper(v: object): v is { $class: string; $: unknown } {
  return typeof (v as { $class?: unknown }).$class === "string" && "$" in v;
}

function toLong(x: unknown): bigint {
  if (typeof x === "bigint") return x;
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x)) throw new WrapperError(`${x} is not an exact long; pass a string or bigint`);
    return BigInt(x);
  }
  // Strings and hessian.js `Long` objects (their toString is the decimal value).
  const v = parseInt64(String(x).trim());
  if (v === undefined || !isInt64(v)) throw new WrapperError(`${String(x)} is not a Java long`);
  return v;
}

export function toInt(x: unknown, cls: string): number {
  const n = typeof x === "string" ? Number(x) : x;
  if (typeof n !== "number" || !Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) {
    throw new WrapperError(`${String(x)} is not a Java ${cls}`);
  }
  return n;
}

function toDouble(x: unknown): number | JavaDouble {
  const n = Number(x);
  return Number.isInteger(n) ? new JavaDouble(n) : n;
}

/** One element of a primitive or String array, typed by its component. */
function element(component: string, x: unknown): unknown {
  if (x === null || x === undefined) return null;
  switch (component) {
    case "int":
    case "short":
    case "byte":
      return toInt(x, component);
    case "long":
      return toLong(x);
    case "double":
      return toDouble(x);
    case "float":
      return new JavaFloat(Number(x));
    case "boolean":
      return Boolean(x);
    case "string":
    case "char":
      return typeof x === "object" ? x : String(x);
    default:
      return x;
  }
}

function entriesOf(x: unknown): Iterable<readonly [unknown, unknown]> {
  if (x instanceof Map) return x;
  if (typeof x === "object" && x !== null) return Object.entries(x);
  throw new WrapperError("map value must be a Map or an object");
}

/** The model value a wrapper stands for (containers are new objects the caller must not ref-track). */
export function unwrap(cls: string, $: unknown): unknown {
  if ($ === null || $ === undefined) return null;
  if (INT_CLASSES.has(cls)) return toInt($, cls);
  if (LONG_CLASSES.has(cls)) return toLong($);
  if (DOUBLE_CLASSES.has(cls)) return toDouble($);
  if (FLOAT_CLASSES.has(cls)) return new JavaFloat(Number($));
  if (BOOLEAN_CLASSES.has(cls)) return Boolean($);
  if (STRING_CLASSES.has(cls)) return typeof $ === "object" ? $ : String($);
  if (cls === "java.lang.Object") return $;
  if (cls === "java.util.Date") return $ instanceof Date ? $ : new Date($ as number | string);
  if (cls === "java.math.BigDecimal") {
    const v = typeof $ === "object" && $ !== null && "value" in $ ? ($ as { value: unknown }).value : $;
    return java.BigDecimal(String(v));
  }
  if (cls === "java.math.BigInteger" && (typeof $ !== "object" || $ === null)) {
    return java.BigInteger($ as string | number | bigint);
  }
  if (cls.startsWith("[")) {
    if (!Array.isArray($)) throw new WrapperError(`${cls} needs an array value`);
    const component = cls.slice(1);
    return new JavaList(
      cls,
      $.map((x) => element(component, x) as never),
    );
  }
  if (Array.isArray($)) return UNTYPED_LISTS.has(cls) ? $ : new JavaList(cls, $ as never[]);
  if (UNTYPED_MAPS.has(cls)) return new JavaMap(null, entriesOf($) as never);
  if ($ instanceof Map || MAP_CLASSES.has(cls)) return new JavaMap(cls, entriesOf($) as never);
  if (typeof $ === "object") {
    const keys = Object.keys($);
    const values = keys.map((k) => ($ as Record<string, unknown>)[k]);
    return new JavaObject(cls, internFieldNames(keys), values as never[]);
  }
  // A scalar under an unknown class name: hessian.js writes the scalar.
  return $;
}

/** Whether `unwrap`'s result is written as a container (and so takes a reference slot). */
export function isContainer(v: object): boolean {
  return v instanceof JavaObject || v instanceof JavaList || v instanceof JavaMap || Array.isArray(v);
}

/** `true`, given plainly or as a wrapper (the draft's 'T'-after-'M' ambiguity, see the encoder). */
export function startsWithTrue(v: unknown): boolean {
  if (v === true) return true;
  if (typeof v !== "object" || v === null || !isWrapper(v)) return false;
  return unwrap(v.$class, v.$) === true;
}
