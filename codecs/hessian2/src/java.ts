import { EncodeError, INT32_MAX, INT32_MIN, isInt64, parseInt64 } from "@tribridge/core";
import { BIG_INTEGER_CLASS, type BigIntegerLayout, bigIntegerFields } from "./big-integer.js";
import { type HessianValue, JavaDouble, JavaFloat, JavaList, JavaMap, JavaObject } from "./model.js";

function bad(message: string): never {
  throw new EncodeError(message, { protocol: "hessian2", reason: "unencodable", offset: 0 });
}

function intIn(n: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(n) || n < min || n > max || Object.is(n, -0)) bad(`${String(n)} is not a Java ${what}`);
  return n;
}

/** Java array type names as Hessian writes them: primitives, `string`, `object`, `date`, else the class name. */
const ARRAY_COMPONENT: ReadonlyMap<string, string> = new Map([
  ["java.lang.String", "string"],
  ["java.lang.Object", "object"],
  ["java.util.Date", "date"],
]);

/** The Hessian type name of an array whose elements are `componentType` (`int` → `[int`). */
export function arrayType(componentType: string): string {
  return `[${ARRAY_COMPONENT.get(componentType) ?? componentType}`;
}

/** Canonical double: integral values are wrapped, others stay plain numbers. */
function double(n: number): number | JavaDouble {
  if (typeof n !== "number") bad(`${String(n)} is not a number`);
  return Number.isInteger(n) ? new JavaDouble(n) : n;
}

type Fields = Readonly<Record<string, HessianValue>> | Iterable<readonly [string, HessianValue]>;

function objectFields(fields: Fields): [string[], HessianValue[]] {
  const names: string[] = [];
  const values: HessianValue[] = [];
  const entries =
    Symbol.iterator in fields ? (fields as Iterable<readonly [string, HessianValue]>) : Object.entries(fields);
  for (const [k, v] of entries) {
    names.push(k);
    values.push(v);
  }
  return [names, values];
}

type MapEntries =
  | ReadonlyMap<HessianValue, HessianValue>
  | Iterable<readonly [HessianValue, HessianValue]>
  | Readonly<Record<string, HessianValue>>;

/**
 * Constructors for the Java types plain JS cannot express. Each returns a value of the
 * lossless model (see model.ts), checked against the Java type's range.
 */
export const java = Object.freeze({
  int: (n: number): number => intIn(n, INT32_MIN, INT32_MAX, "int"),
  short: (n: number): number => intIn(n, -0x8000, 0x7fff, "short"),
  byte: (n: number): number => intIn(n, -0x80, 0x7f, "byte"),
  /** A long from a number (must be an exact integer), bigint or decimal string. */
  long(n: number | bigint | string): bigint {
    let v: bigint | undefined;
    if (typeof n === "bigint") v = n;
    else if (typeof n === "number") {
      if (!Number.isSafeInteger(n)) bad(`${n} is not an exact integer; pass a bigint or string`);
      v = BigInt(n);
    } else if (typeof n === "string") v = parseInt64(n.trim());
    if (v === undefined || !isInt64(v)) bad(`${String(n)} is not a Java long`);
    return v;
  },
  double,
  /**
   * A Java float. Writers widen it differently: hessian-lite/Caucho 4 send the double
   * `Double.parseDouble(String.valueOf(f))` (21.32f → 21.32), sofa-hessian 3 the plain
   * widening (21.32f → 21.31999969482422, as 0x6b float bits), so the encoder decides.
   */
  float: (n: number): JavaFloat => {
    if (typeof n !== "number") bad(`${String(n)} is not a number`);
    return new JavaFloat(n);
  },
  /** Java char: a one-unit string (the wire form of Character). */
  char(c: string | number): string {
    if (typeof c === "number") return String.fromCharCode(intIn(c, 0, 0xffff, "char"));
    if (typeof c !== "string" || c.length !== 1) bad(`char must be one UTF-16 unit, got ${JSON.stringify(c)}`);
    return c;
  },
  boolean: (b: boolean): boolean => b,
  string: (s: string): string => s,
  date: (ms: number | Date): Date => new Date(typeof ms === "number" ? ms : ms.getTime()),
  /** BigDecimal as Java writes it: object `java.math.BigDecimal` with field `value` = toString(). */
  BigDecimal(value: string | number | bigint): JavaObject {
    const text = typeof value === "string" ? value.trim() : String(value);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) bad(`${JSON.stringify(text)} is not a BigDecimal`);
    return new JavaObject("java.math.BigDecimal", ["value"], [text]);
  },
  /**
   * BigInteger as the Java bean serializer writes it; `layout` picks the field order of the
   * writer to imitate (default hessian-lite; `caucho`/`sofa` for Caucho and sofa-hessian).
   */
  BigInteger(value: string | number | bigint, layout?: BigIntegerLayout): JavaObject {
    let v: bigint;
    try {
      v = BigInt(typeof value === "string" ? value.trim() : value);
    } catch {
      bad(`${String(value)} is not an integer`);
    }
    const [names, values] = bigIntegerFields(v, layout);
    return new JavaObject(BIG_INTEGER_CLASS, names, values);
  },
  /** An enum constant: object of the enum class with the single field `name`. */
  enum: (className: string, name: string): JavaObject => new JavaObject(className, ["name"], [name]),
  /** An instance of `className`; field order is the order of `fields`. */
  object(className: string, fields: Fields = {}): JavaObject {
    const [names, values] = objectFields(fields);
    return new JavaObject(className, names, values);
  },
  /** A typed collection (`java.util.HashSet`...). Use a plain array for ArrayList. */
  list: (type: string, items: Iterable<HessianValue>): JavaList => new JavaList(type, [...items]),
  /** A Java array of `componentType` (`int`, `java.lang.String`, `com.x.User`, or `[int` for nesting). */
  array: (componentType: string, items: Iterable<HessianValue>): JavaList =>
    new JavaList(arrayType(componentType), [...items]),
  /** A map of class `type` (null or `java.util.HashMap` → untyped 'H'). */
  map(type: string | null, entries: MapEntries = []): JavaMap {
    const t = type === "java.util.HashMap" ? null : type;
    if (entries instanceof Map) return new JavaMap(t, entries);
    if (Symbol.iterator in entries) return new JavaMap(t, entries as Iterable<readonly [HessianValue, HessianValue]>);
    return new JavaMap(t, Object.entries(entries));
  },
});
