import { DecodeError, EncodeError } from "@tribridge/core";
import { PROTOCOL } from "./constants.js";

/**
 * JVM parameter-type descriptors (`Ljava/lang/String;[I`) as Dubbo's ReflectUtils.getDesc
 * writes them, to and from Java source names (`java.lang.String`, `int[]`). Java source
 * names are what users write; descriptors are what travels.
 */

const PRIMITIVE_TO_DESC: ReadonlyMap<string, string> = new Map([
  ["void", "V"],
  ["boolean", "Z"],
  ["byte", "B"],
  ["char", "C"],
  ["double", "D"],
  ["float", "F"],
  ["int", "I"],
  ["long", "J"],
  ["short", "S"],
]);

const DESC_TO_PRIMITIVE: ReadonlyMap<string, string> = new Map([...PRIMITIVE_TO_DESC].map(([k, v]) => [v, k]));

// A Java binary class name: dotted identifiers, `$` for nested classes. Loose on purpose
// (Java allows any Unicode letter), strict on the characters that break a descriptor.
const CLASS_NAME = /^[^\s;[\]/.()<>]+(\.[^\s;[\]/.()<>]+)*$/;

function encodeFail(message: string): never {
  throw new EncodeError(message, { protocol: PROTOCOL, reason: "unencodable", offset: 0 });
}

/**
 * The descriptor of one type. Accepts source names (`int[]`, `java.lang.String[][]`),
 * JVM array names as `Class.getName()` prints them (`[I`, `[Ljava.lang.String;`) and,
 * unchanged, anything that already is a descriptor of a class (`Ljava/lang/String;`).
 */
export function typeToDescriptor(javaType: string): string {
  const t = javaType.trim();
  if (t.startsWith("[")) return t.replaceAll(".", "/");
  if (t.startsWith("L") && t.endsWith(";") && t.includes("/")) return t;
  let dims = 0;
  let base = t;
  while (base.endsWith("[]")) {
    dims++;
    base = base.slice(0, -2).trimEnd();
  }
  const prim = PRIMITIVE_TO_DESC.get(base);
  if (prim !== undefined) {
    if (prim === "V" && dims > 0) encodeFail("void[] is not a type");
    return "[".repeat(dims) + prim;
  }
  if (!CLASS_NAME.test(base)) encodeFail(`${JSON.stringify(javaType)} is not a Java type name`);
  return `${"[".repeat(dims)}L${base.replaceAll(".", "/")};`;
}

/** The descriptor of a parameter list: the type descriptors concatenated, `""` for none. */
export function toDescriptor(javaTypes: readonly string[]): string {
  let out = "";
  for (const t of javaTypes) {
    const d = typeToDescriptor(t);
    if (d === "V") encodeFail("void is not a parameter type");
    out += d;
  }
  return out;
}

function decodeFail(desc: string, at: number, message: string): never {
  throw new DecodeError(`descriptor ${JSON.stringify(desc)}: ${message}`, {
    protocol: PROTOCOL,
    reason: "malformed",
    offset: at,
  });
}

/** Splits a descriptor into one descriptor per parameter. */
export function splitDescriptor(desc: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < desc.length) {
    const start = i;
    while (desc[i] === "[") i++;
    const c = desc[i];
    if (c === undefined) decodeFail(desc, start, "array without component type");
    if (c === "L") {
      const end = desc.indexOf(";", i);
      if (end < 0 || end === i + 1) decodeFail(desc, i, "class type without ';'");
      i = end + 1;
    } else if (DESC_TO_PRIMITIVE.has(c) && c !== "V") {
      i++;
    } else {
      decodeFail(desc, i, `unexpected ${JSON.stringify(c)}`);
    }
    out.push(desc.slice(start, i));
  }
  return out;
}

const ARITY_CACHE_SIZE = 512;
const arities = new Map<string, number>();

/**
 * How many parameters a descriptor declares (`splitDescriptor(desc).length`), remembered
 * for the few descriptors a connection sees over and over; malformed ones throw as there.
 */
export function descriptorArity(desc: string): number {
  let n = arities.get(desc);
  if (n === undefined) {
    n = splitDescriptor(desc).length;
    if (arities.size >= ARITY_CACHE_SIZE) arities.clear();
    arities.set(desc, n);
  }
  return n;
}

/** One type descriptor as a Java source name (`[Ljava/lang/String;` → `java.lang.String[]`). */
export function descriptorToType(desc: string): string {
  let dims = 0;
  while (desc[dims] === "[") dims++;
  const rest = desc.slice(dims);
  let base: string;
  if (rest.startsWith("L") && rest.endsWith(";") && rest.length > 2) base = rest.slice(1, -1).replaceAll("/", ".");
  else if (rest.length === 1 && DESC_TO_PRIMITIVE.has(rest)) base = DESC_TO_PRIMITIVE.get(rest) as string;
  else decodeFail(desc, dims, "not a single type descriptor");
  return base + "[]".repeat(dims);
}

/** A parameter-list descriptor as Java source names. */
export function fromDescriptor(desc: string): string[] {
  return splitDescriptor(desc).map(descriptorToType);
}
