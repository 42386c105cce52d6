import { decodeBase64, INT32_MAX, INT32_MIN } from "@tribridge/core";
import {
  arrayType,
  type BigIntegerLayout,
  type HessianValue,
  JavaDouble,
  JavaList,
  JavaMap,
  JavaObject,
  java,
} from "@tribridge/hessian2";
import { TIME_TYPES, timeFromJson } from "./java-time.js";
import { componentOf, erasure, type JavaType, OBJECT, parseJavaType, typeArg } from "./java-type.js";

/**
 * JSON (as `JSON.parse` returns it) plus a declared Java type → the Hessian value a Java
 * reader of that type expects. The rules are in docs/transcode.md ("JSON to Java"); the
 * guiding ones: the declared type decides (JSON has one number type, Java has six); numbers
 * that JSON cannot carry exactly (long beyond 2^53, BigDecimal, BigInteger) come as strings
 * and are converted without passing through a double; a class name is only ever one the
 * caller declared (parameter types, `classes`) or sent (`class` hint): never invented, since
 * Dubbo 3.2+ providers reject classes outside their allow list.
 */
export interface JavaJsonOptions {
  /** Field types of DTO classes: `{ "com.x.User": { id: "long", tags: "List<String>" } }`. */
  readonly classes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Key that names a POJO's class in JSON (Dubbo PojoUtils's convention). Default `class`; `""` turns hints off. */
  readonly classKey?: string;
  /** BigInteger field layout of the target's Hessian library. Default hessian-lite (Dubbo). */
  readonly bigIntegerLayout?: BigIntegerLayout;
  /** Nesting limit. Default 64. */
  readonly maxDepth?: number;
}

export class JavaJsonError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path || "$"}: ${message}`);
    this.name = "JavaJsonError";
    this.path = path;
  }
}

const LISTS = new Set([
  "java.util.List",
  "java.util.Collection",
  "java.util.ArrayList",
  "java.lang.Iterable",
  "java.util.AbstractList",
]);
const TYPED_LISTS = new Set(["java.util.LinkedList", "java.util.Vector", "java.util.concurrent.CopyOnWriteArrayList"]);
const SETS: ReadonlyMap<string, string> = new Map([
  ["java.util.Set", "java.util.HashSet"],
  ["java.util.HashSet", "java.util.HashSet"],
  ["java.util.LinkedHashSet", "java.util.LinkedHashSet"],
  ["java.util.SortedSet", "java.util.TreeSet"],
  ["java.util.TreeSet", "java.util.TreeSet"],
]);
const MAPS: ReadonlyMap<string, string | null> = new Map([
  ["java.util.Map", null],
  ["java.util.HashMap", null],
  ["java.util.LinkedHashMap", "java.util.LinkedHashMap"],
  ["java.util.TreeMap", "java.util.TreeMap"],
  ["java.util.SortedMap", "java.util.TreeMap"],
  ["java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap"],
  ["java.util.concurrent.ConcurrentMap", "java.util.concurrent.ConcurrentHashMap"],
]);
const BOXES: ReadonlyMap<string, string> = new Map([
  ["java.lang.Integer", "int"],
  ["java.lang.Long", "long"],
  ["java.lang.Short", "short"],
  ["java.lang.Byte", "byte"],
  ["java.lang.Double", "double"],
  ["java.lang.Float", "float"],
  ["java.lang.Boolean", "boolean"],
  ["java.lang.Character", "char"],
]);
const PRIMS = new Set(["int", "long", "short", "byte", "double", "float", "boolean", "char"]);

/** Classes that are not POJOs: anything under these prefixes is never built from a JSON object by field. */
const JDK = /^(java|javax|jdk|sun)\./;

interface Ctx {
  readonly o: JavaJsonOptions;
  readonly classKey: string;
  readonly maxDepth: number;
}

/** Converts one value. `type` is a declared type (text or parsed). */
export function jsonToJava(
  json: unknown,
  type: string | JavaType = OBJECT,
  options: JavaJsonOptions = {},
): HessianValue {
  const t = typeof type === "string" ? parseJavaType(type) : type;
  return conv({ o: options, classKey: options.classKey ?? "class", maxDepth: options.maxDepth ?? 64 }, json, t, "", 0);
}

/**
 * Converts an argument list: a JSON array (positional) or an object keyed by parameter
 * name (`names` required then). Returns the Hessian values and the erased parameter types.
 */
export function jsonToJavaArgs(
  json: unknown,
  types: readonly string[],
  options: JavaJsonOptions & { readonly names?: readonly string[] } = {},
): { readonly args: HessianValue[]; readonly parameterTypes: string[] } {
  const parsed = types.map(parseJavaType);
  let values: unknown[];
  if (Array.isArray(json)) values = json;
  else if (isObject(json) && options.names !== undefined)
    values = options.names.map((n) => (json as Record<string, unknown>)[n]);
  else if (types.length === 1) values = [json];
  else throw new JavaJsonError("", "arguments must be a JSON array (or an object with parameter names configured)");
  if (values.length !== types.length) {
    throw new JavaJsonError("", `${types.length} parameter(s) declared, ${values.length} argument(s) given`);
  }
  return {
    args: values.map((v, i) => jsonToJava(v, parsed[i] as JavaType, options)),
    parameterTypes: parsed.map(erasure),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fail(path: string, t: JavaType, v: unknown, why: string): never {
  const shown =
    typeof v === "string"
      ? JSON.stringify(v).slice(0, 60)
      : Array.isArray(v)
        ? "an array"
        : isObject(v)
          ? "an object"
          : String(v);
  throw new JavaJsonError(path, `${shown} ${why} (declared ${erasure(t)})`);
}

function integer(path: string, t: JavaType, v: unknown, min: number, max: number): number {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v)) n = Number(v);
  else return fail(path, t, v, "is not an integer");
  if (!Number.isInteger(n) || n < min || n > max) fail(path, t, v, "is out of range");
  return n === 0 ? 0 : n; // -0 is not a Java int
}

function floating(path: string, t: JavaType, v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    if (v === "NaN") return Number.NaN;
    if (v === "Infinity") return Number.POSITIVE_INFINITY;
    if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
    if (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  }
  return fail(path, t, v, "is not a number");
}

function primitive(kind: string, v: unknown, t: JavaType, path: string): HessianValue {
  switch (kind) {
    case "int":
      return integer(path, t, v, INT32_MIN, INT32_MAX);
    case "short":
      return integer(path, t, v, -0x8000, 0x7fff);
    case "byte":
      return integer(path, t, v, -0x80, 0x7f);
    case "long":
      // A JSON number beyond 2^53 has already lost digits in JSON.parse: refuse it rather than send a wrong value.
      if (typeof v === "number" && !Number.isSafeInteger(v))
        fail(path, t, v, "is not an exact integer; send longs beyond 2^53 as strings");
      if (typeof v !== "number" && typeof v !== "string") fail(path, t, v, "is not a long");
      try {
        return java.long(v);
      } catch {
        return fail(path, t, v, "is not a long");
      }
    case "double":
      return java.double(floating(path, t, v));
    case "float": {
      const d = floating(path, t, v);
      // Rounding to the nearest float is what Java's (float) does; turning a finite number into Infinity is not a rounding.
      if (Number.isFinite(d) && !Number.isFinite(Math.fround(d))) fail(path, t, v, "is beyond float's range");
      return java.float(d);
    }
    case "boolean":
      if (typeof v === "boolean") return v;
      if (v === "true" || v === "false") return v === "true";
      return fail(path, t, v, "is not a boolean");
    default:
      // char: a one-unit string, or its code as a number.
      if (typeof v === "string" && v.length === 1) return v;
      if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffff) return String.fromCharCode(v);
      return fail(path, t, v, "is not a char");
  }
}

function conv(ctx: Ctx, v: unknown, t: JavaType, path: string, depth: number): HessianValue {
  if (depth > ctx.maxDepth) throw new JavaJsonError(path, `nested deeper than ${ctx.maxDepth}`);
  if (v === null || v === undefined) {
    if (t.dims === 0 && PRIMS.has(t.name)) fail(path, t, v, "cannot be null for a primitive");
    return null;
  }
  if (t.dims > 0) return array(ctx, v, t, path, depth);
  if (PRIMS.has(t.name)) return primitive(t.name, v, t, path);
  const boxed = BOXES.get(t.name);
  if (boxed !== undefined) return primitive(boxed, v, t, path);
  switch (t.name) {
    case "java.lang.String":
    case "java.lang.CharSequence":
      if (typeof v !== "string") fail(path, t, v, "is not a string");
      return v;
    case "java.math.BigDecimal":
      if (typeof v !== "string" && typeof v !== "number") fail(path, t, v, "is not a decimal");
      try {
        return java.BigDecimal(v);
      } catch {
        return fail(path, t, v, "is not a decimal");
      }
    case "java.math.BigInteger":
      if (typeof v === "number" && !Number.isSafeInteger(v))
        fail(path, t, v, "is not an exact integer; send it as a string");
      if ((typeof v !== "string" || !/^\s*[+-]?\d+\s*$/.test(v)) && typeof v !== "number")
        fail(path, t, v, "is not an integer");
      return java.BigInteger(v, ctx.o.bigIntegerLayout);
    case "java.lang.Number":
      return generic(ctx, v, path, depth);
    case "java.lang.Object":
    case "java.io.Serializable":
      return generic(ctx, v, path, depth);
  }
  if (TIME_TYPES.has(t.name)) {
    try {
      return timeFromJson(t.name, v);
    } catch (e) {
      return fail(path, t, v, (e as Error).message);
    }
  }
  if (LISTS.has(t.name) || TYPED_LISTS.has(t.name)) {
    if (!Array.isArray(v)) fail(path, t, v, "is not an array");
    const items = v.map((x, i) => conv(ctx, x, typeArg(t, 0), `${path}[${i}]`, depth + 1));
    return TYPED_LISTS.has(t.name) ? new JavaList(t.name, items) : items;
  }
  const set = SETS.get(t.name);
  if (set !== undefined) {
    if (!Array.isArray(v)) fail(path, t, v, "is not an array");
    return new JavaList(
      set,
      v.map((x, i) => conv(ctx, x, typeArg(t, 0), `${path}[${i}]`, depth + 1)),
    );
  }
  if (MAPS.has(t.name)) return map(ctx, v, t, MAPS.get(t.name) ?? null, path, depth);
  if (JDK.test(t.name)) fail(path, t, v, "has a JDK type that JSON cannot be converted to");
  // A declared application class: a string is an enum constant, an object a POJO.
  if (typeof v === "string") return java.enum(t.name, v);
  if (isObject(v)) return pojo(ctx, v, t.name, path, depth);
  return fail(path, t, v, "is not an object");
}

function array(ctx: Ctx, v: unknown, t: JavaType, path: string, depth: number): HessianValue {
  const c = componentOf(t);
  if (c.dims === 0 && c.name === "byte") {
    if (typeof v === "string") {
      try {
        return decodeBase64(v);
      } catch {
        return fail(path, t, v, "is not base64");
      }
    }
    if (!Array.isArray(v)) fail(path, t, v, "is not base64 text or an array of bytes");
    return Uint8Array.from(v, (b, i) => integer(`${path}[${i}]`, c, b, -0x80, 0xff) & 0xff);
  }
  if (c.dims === 0 && c.name === "char" && typeof v === "string") return v;
  if (!Array.isArray(v)) fail(path, t, v, "is not an array");
  const items = v.map((x, i) => conv(ctx, x, c, `${path}[${i}]`, depth + 1));
  // Hessian names arrays by component: `[int`, `[string`, `[[int` for int[][], `[com.x.User`.
  return new JavaList("[".repeat(t.dims - 1) + arrayType(t.name), items);
}

function mapKey(ctx: Ctx, key: string, kt: JavaType, path: string, depth: number): HessianValue {
  // JSON object keys are strings; the declared key type says what they stand for.
  if (kt.name === "java.lang.Object" || kt.name === "java.lang.String") return key;
  return conv(ctx, key, kt, `${path}{${key}}`, depth + 1);
}

function map(ctx: Ctx, v: unknown, t: JavaType, type: string | null, path: string, depth: number): HessianValue {
  const kt = typeArg(t, 0);
  const vt = typeArg(t, 1);
  const out = new JavaMap(type);
  if (Array.isArray(v)) {
    // `[[key, value], ...]`: the form for keys a JSON object cannot hold (POJOs, nulls).
    v.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) fail(`${path}[${i}]`, t, pair, "is not a [key, value] pair");
      out.set(
        conv(ctx, pair[0], kt, `${path}[${i}][0]`, depth + 1),
        conv(ctx, pair[1], vt, `${path}[${i}][1]`, depth + 1),
      );
    });
    return out;
  }
  if (!isObject(v)) fail(path, t, v, "is not an object");
  for (const [k, x] of Object.entries(v))
    out.set(mapKey(ctx, k, kt, path, depth), conv(ctx, x, vt, `${path}.${k}`, depth + 1));
  return out;
}

function pojo(ctx: Ctx, v: Record<string, unknown>, declared: string, path: string, depth: number): HessianValue {
  const hint = ctx.classKey === "" ? undefined : v[ctx.classKey];
  const cls = typeof hint === "string" && hint !== "" ? hint : declared;
  const fieldTypes = ctx.o.classes?.[cls] ?? (cls === declared ? undefined : ctx.o.classes?.[declared]);
  const names: string[] = [];
  const values: HessianValue[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (k === ctx.classKey) continue;
    const ft = fieldTypes?.[k];
    const t = ft === undefined ? OBJECT : parseJavaType(ft);
    // A null for a primitive field is left out: the Java field keeps its default.
    if ((x === null || x === undefined) && t.dims === 0 && PRIMS.has(t.name)) continue;
    names.push(k);
    values.push(conv(ctx, x, t, `${path}.${k}`, depth + 1));
  }
  return new JavaObject(cls, names, values);
}

/** No declared type (java.lang.Object, raw collections): JSON's own types decide. */
function generic(ctx: Ctx, v: unknown, path: string, depth: number): HessianValue {
  if (depth > ctx.maxDepth) throw new JavaJsonError(path, `nested deeper than ${ctx.maxDepth}`);
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "boolean":
    case "string":
      return v;
    case "number":
      if (Number.isInteger(v))
        return v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0)
          ? v
          : Number.isSafeInteger(v)
            ? BigInt(v)
            : new JavaDouble(v);
      return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => generic(ctx, x, `${path}[${i}]`, depth + 1));
  if (isObject(v)) {
    const hint = ctx.classKey === "" ? undefined : v[ctx.classKey];
    if (typeof hint === "string" && hint !== "") return conv(ctx, v, { name: hint, args: [], dims: 0 }, path, depth);
    const m = new JavaMap(null);
    for (const [k, x] of Object.entries(v)) m.set(k, generic(ctx, x, `${path}.${k}`, depth + 1));
    return m;
  }
  throw new JavaJsonError(path, `${typeof v} is not JSON`);
}
