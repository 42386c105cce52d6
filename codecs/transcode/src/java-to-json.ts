import { encodeBase64 } from "@tribridge/core";
import { type HessianValue, JavaDouble, JavaFloat, JavaList, JavaMap, JavaObject, toJs } from "@tribridge/hessian2";
import { timeToJson } from "./java-time.js";

/**
 * A Hessian value (the lossless model a Java peer's answer decodes to) → JSON. Defaults are
 * precision-safe: a long is a JSON number only while it is exact (|v| ≤ 2^53-1) and a
 * decimal string beyond; BigDecimal and BigInteger are decimal strings. `JsonNumber`
 * carries number text that `stringifyJson` writes unquoted, for callers who want a
 * BigDecimal as a JSON number without passing it through a double.
 */
export interface JavaToJsonOptions {
  /**
   * `auto` (default): number when exact, else string. `string`: always a string. `exact`:
   * number when exact, else a bigint that stringifyJson writes as unquoted digits.
   * `number`: always a JS number (rounds beyond 2^53).
   */
  readonly long?: "auto" | "string" | "exact" | "number";
  /** `string` (default) or `number` (a JsonNumber: exact digits, unquoted by stringifyJson). */
  readonly bigDecimal?: "string" | "number";
  /** `string` (default) or `number` (JsonNumber, exact). */
  readonly bigInteger?: "string" | "number";
  /** `iso` (default, UTC with milliseconds) or `millis`. */
  readonly date?: "iso" | "millis";
  /** Maps whose keys are not all strings: `object` (default; keys as their JSON text) or `entries` ([[k, v], ...]). */
  readonly mapKeys?: "object" | "entries";
  /** Put the Java class of POJOs under this key (e.g. `class`, as Dubbo generic results do). Default: none. */
  readonly classKey?: string;
  /** Nesting limit; deeper values (and back references to an enclosing value: cycles) become null. Default 64. */
  readonly maxDepth?: number;
}

/** JSON number text kept exact (e.g. a 30-digit BigDecimal). */
export class JsonNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toJSON(): number {
    return Number(this.text);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function javaToJson(value: HessianValue, options: JavaToJsonOptions = {}): unknown {
  return conv(value, options, new Set(), options.maxDepth ?? 64);
}

function longJson(v: bigint, o: JavaToJsonOptions): unknown {
  switch (o.long ?? "auto") {
    case "string":
      return v.toString();
    case "number":
      return Number(v);
    case "exact":
      return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v;
    default:
      return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
  }
}

function numberJson(v: number): unknown {
  // JSON has no NaN or Infinity: proto3 JSON's strings for them.
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  return v;
}

function isEnumLike(o: JavaObject): boolean {
  return o.fieldNames.length === 1 && o.fieldNames[0] === "name" && typeof o.values[0] === "string";
}

function keyText(k: unknown): string | undefined {
  if (typeof k === "string") return k;
  if (typeof k === "number" || typeof k === "bigint" || typeof k === "boolean") return String(k);
  if (k instanceof JavaObject && isEnumLike(k)) return k.values[0] as string;
  return undefined;
}

function conv(v: HessianValue, o: JavaToJsonOptions, stack: Set<object>, depth: number): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return numberJson(v);
  if (typeof v === "bigint") return longJson(v, o);
  if (v instanceof JavaDouble || v instanceof JavaFloat) return numberJson(v.value);
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) return null;
    return o.date === "millis" ? ms : v.toISOString();
  }
  if (v instanceof Uint8Array) return encodeBase64(v);
  if (depth <= 0 || stack.has(v)) return null;
  stack.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => conv(x, o, stack, depth - 1));
    if (v instanceof JavaList) return v.items.map((x) => conv(x, o, stack, depth - 1));
    if (v instanceof JavaMap) return map(v, o, stack, depth);
    return object(v, o, stack, depth);
  } finally {
    stack.delete(v);
  }
}

function map(m: JavaMap, o: JavaToJsonOptions, stack: Set<object>, depth: number): unknown {
  const keys = [...m.entries.keys()].map(keyText);
  if (o.mapKeys === "entries" || keys.some((k) => k === undefined)) {
    return [...m.entries].map(([k, x]) => [conv(k, o, stack, depth - 1), conv(x, o, stack, depth - 1)]);
  }
  // Null prototype: keys such as `__proto__` are ordinary data here.
  const out: Record<string, unknown> = Object.create(null);
  let i = 0;
  for (const x of m.entries.values()) out[keys[i++] as string] = conv(x, o, stack, depth - 1);
  return out;
}

function object(v: JavaObject, o: JavaToJsonOptions, stack: Set<object>, depth: number): unknown {
  switch (v.className) {
    case "java.math.BigDecimal": {
      const text = String(v.get("value") ?? "");
      return o.bigDecimal === "number" ? new JsonNumber(text) : text;
    }
    case "java.math.BigInteger": {
      const text = toJs(v, { bigInteger: "string" }) as string;
      return o.bigInteger === "number" ? new JsonNumber(text) : text;
    }
  }
  const time = timeToJson(v);
  if (time !== undefined) return time;
  if (isEnumLike(v)) return v.values[0];
  const out: Record<string, unknown> = Object.create(null);
  if (o.classKey !== undefined && o.classKey !== "") out[o.classKey] = v.className;
  v.fieldNames.forEach((name, i) => {
    // A shadowed field appears twice; the subclass's (first) one wins, as in the JS view.
    if (!(name in out)) out[name] = conv(v.values[i] as HessianValue, o, stack, depth - 1);
  });
  return out;
}

/**
 * JSON text of a value from javaToJson: like JSON.stringify, but bigint and JsonNumber are
 * written as unquoted digits (exact), and `undefined` members are skipped.
 */
export function stringifyJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, 0);
  return parts.join("");
}

function write(v: unknown, out: string[], depth: number): void {
  if (depth > 1000) throw new RangeError("JSON nested too deeply");
  if (v === null || v === undefined) out.push("null");
  else if (typeof v === "string") out.push(JSON.stringify(v));
  else if (typeof v === "number") out.push(Number.isFinite(v) ? String(v) : "null");
  else if (typeof v === "boolean") out.push(v ? "true" : "false");
  else if (typeof v === "bigint") out.push(v.toString());
  else if (v instanceof JsonNumber) out.push(v.text);
  else if (Array.isArray(v)) {
    out.push("[");
    v.forEach((x, i) => {
      if (i > 0) out.push(",");
      write(x, out, depth + 1);
    });
    out.push("]");
  } else if (typeof v === "object") {
    out.push("{");
    let first = true;
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(k), ":");
      write(x, out, depth + 1);
    }
    out.push("}");
  } else out.push("null");
}
