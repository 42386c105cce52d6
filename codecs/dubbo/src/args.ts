import { EncodeError } from "@tribridge/core";
import { type HessianValue, JavaDouble, JavaFloat, JavaList, JavaMap, JavaObject, java } from "@tribridge/hessian2";
import { PROTOCOL } from "./constants.js";
import { descriptorToType, typeToDescriptor } from "./descriptor.js";

/**
 * From a JS argument plus the declared Java parameter type to the Hessian value a Java
 * reader expects. JS has one number type, so the declared type decides int vs long vs
 * double; values already in the lossless model (JavaObject, JavaList, bigint...) pass
 * through untouched, so callers can always say exactly what they mean.
 */

function fail(javaType: string, value: unknown, why: string): never {
  const shown = typeof value === "bigint" ? `${value}n` : typeof value === "object" ? "an object" : String(value);
  throw new EncodeError(`argument of type ${javaType}: ${shown} ${why}`, {
    protocol: PROTOCOL,
    reason: "unencodable",
    offset: 0,
  });
}

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

const LISTS = new Set(["java.util.List", "java.util.Collection", "java.util.ArrayList", "java.lang.Iterable"]);
const SETS: ReadonlyMap<string, string> = new Map([
  ["java.util.Set", "java.util.HashSet"],
  ["java.util.HashSet", "java.util.HashSet"],
  ["java.util.LinkedHashSet", "java.util.LinkedHashSet"],
  ["java.util.SortedSet", "java.util.TreeSet"],
  ["java.util.TreeSet", "java.util.TreeSet"],
]);
const MAPS = new Set(["java.util.Map", "java.util.HashMap"]);

function isModel(v: unknown): boolean {
  return (
    v instanceof JavaObject ||
    v instanceof JavaList ||
    v instanceof JavaMap ||
    v instanceof JavaDouble ||
    v instanceof JavaFloat
  );
}

function primitive(kind: string, v: unknown, javaType: string): HessianValue {
  switch (kind) {
    case "int":
    case "short":
    case "byte":
      if (typeof v !== "number") fail(javaType, v, "is not a number");
      return java[kind](v);
    case "long":
      if (typeof v !== "number" && typeof v !== "bigint" && typeof v !== "string") fail(javaType, v, "is not a long");
      return java.long(v);
    case "double":
    case "float":
      // Already typed (e.g. by the transcoder): a float stays a float, a double a double.
      if (v instanceof JavaDouble || v instanceof JavaFloat) return v;
      if (typeof v !== "number") fail(javaType, v, "is not a number");
      return java[kind](v);
    case "boolean":
      if (typeof v !== "boolean") fail(javaType, v, "is not a boolean");
      return v;
    case "char":
      if (typeof v !== "string" && typeof v !== "number") fail(javaType, v, "is not a char");
      return java.char(v);
  }
  return fail(javaType, v, "has an unknown primitive type");
}

/** The Hessian value for `value` passed as a parameter declared `javaType` (source name, e.g. `int[]`). */
export function javaArg(value: unknown, javaType: string): HessianValue {
  const type = javaType.startsWith("[") ? descriptorToType(typeToDescriptor(javaType)) : javaType;
  if (value === null || value === undefined) {
    if (PRIMS.has(type)) fail(type, value, "cannot be null for a primitive");
    return null;
  }
  if (isModel(value)) return value as HessianValue;
  if (PRIMS.has(type)) return primitive(type, value, type);
  const boxed = BOXES.get(type);
  if (boxed !== undefined) return primitive(boxed, value, type);
  if (type.endsWith("[]")) return array(value, type.slice(0, -2));
  switch (type) {
    case "java.lang.String":
      if (typeof value !== "string") fail(type, value, "is not a string");
      return value;
    case "java.math.BigDecimal":
      if (typeof value === "string" || typeof value === "number" || typeof value === "bigint")
        return java.BigDecimal(value);
      return fail(type, value, "is not a decimal");
    case "java.math.BigInteger":
      if (typeof value === "string" || typeof value === "number" || typeof value === "bigint")
        return java.BigInteger(value);
      return fail(type, value, "is not an integer");
    case "java.util.Date":
      if (value instanceof Date || typeof value === "number") return java.date(value);
      return fail(type, value, "is not a date");
  }
  if (LISTS.has(type)) {
    if (!isIterable(value)) fail(type, value, "is not iterable");
    return [...(value as Iterable<HessianValue>)];
  }
  const set = SETS.get(type);
  if (set !== undefined) {
    if (!isIterable(value)) fail(type, value, "is not iterable");
    return java.list(set, value as Iterable<HessianValue>);
  }
  if (MAPS.has(type)) {
    if (value instanceof Map) return java.map(null, value as Map<HessianValue, HessianValue>);
    if (typeof value === "object") return java.map(null, value as Record<string, HessianValue>);
    return fail(type, value, "is not a map");
  }
  // Any other declared class (a POJO, java.lang.Object, an interface): plain objects become
  // an instance of the declared class when it is concrete-looking; everything else passes.
  if (type !== "java.lang.Object" && isPlainObject(value)) {
    return java.object(type, value as Record<string, HessianValue>);
  }
  return value as HessianValue;
}

const PRIMS: ReadonlySet<string> = new Set(["int", "long", "short", "byte", "double", "float", "boolean", "char"]);

function array(value: unknown, component: string): HessianValue {
  if (component === "byte") {
    if (value instanceof Uint8Array) return value;
    if (!isIterable(value)) fail("byte[]", value, "is not bytes");
    return Uint8Array.from(value as Iterable<number>, (b) => java.byte(b) & 0xff);
  }
  if (component === "char" && typeof value === "string") return value;
  if (!isIterable(value) || typeof value === "string") fail(`${component}[]`, value, "is not iterable");
  const items: HessianValue[] = [];
  for (const v of value as Iterable<unknown>) items.push(javaArg(v, component));
  return java.array(component.endsWith("[]") ? `[${arrayComponentName(component.slice(0, -2))}` : component, items);
}

/** Hessian's name for nested array component types (`int[]` as a component is `[int`). */
function arrayComponentName(component: string): string {
  if (component.endsWith("[]")) return `[${arrayComponentName(component.slice(0, -2))}`;
  if (component === "java.lang.String") return "string";
  if (component === "java.lang.Object") return "object";
  return component;
}

function isIterable(v: unknown): boolean {
  return typeof v === "object" && v !== null && Symbol.iterator in v;
}

function isPlainObject(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Maps each argument by its declared type; the two lists must have the same length. */
export function javaArgs(values: readonly unknown[], javaTypes: readonly string[]): HessianValue[] {
  if (values.length !== javaTypes.length) {
    throw new RangeError(`${javaTypes.length} parameter type(s) declared, ${values.length} argument(s) given`);
  }
  return values.map((v, i) => javaArg(v, javaTypes[i] as string));
}
