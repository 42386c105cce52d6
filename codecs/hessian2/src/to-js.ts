import { BIG_INTEGER_CLASS, bigIntegerFromFields } from "./big-integer.js";
import { javaClass, viewRecord } from "./js-shapes.js";
import { type HessianValue, JavaDouble, JavaFloat, JavaList, type JavaMap, JavaObject } from "./model.js";

export { javaClass } from "./js-shapes.js";

/** Options of the JS-friendly view. Every default keeps information; none loses precision silently. */
export interface ToJsOptions {
  /** Java long: `auto` (default) = number when within ±(2^53-1), else bigint. */
  readonly long?: "auto" | "number" | "bigint" | "string";
  /** java.math.BigDecimal: `string` (default, its toString()) or the object. */
  readonly bigDecimal?: "string" | "object";
  /** java.math.BigInteger bean: `string` (default), `bigint`, or the object. */
  readonly bigInteger?: "string" | "bigint" | "object";
  /** Objects whose only field is `name` (how enums travel): `object` (default) or the name string. */
  readonly enums?: "object" | "name";
  /** Maps: `auto` (default) = record (see `jsViewPrototype`) when every key is a string, else Map. */
  readonly maps?: "auto" | "map" | "object";
}

const SAFE = 9007199254740991n;

/**
 * The JS-friendly view of a decoded value: longs per `long`, integral doubles as numbers,
 * typed lists as arrays (the type is dropped), objects as records (prototype jsViewPrototype, with
 * no Object.prototype in the chain) with the class under `javaClass`. Shared and circular references stay shared and circular.
 * `__proto__`, `constructor` and `prototype` are ordinary own keys there, never prototypes.
 */
export function toJs(value: HessianValue, options?: ToJsOptions): unknown {
  return new JsView(options).convert(value);
}

/** The converter behind `toJs`; read-h4-js.ts uses it for the rare shapes it reads as model first. */
export class JsView {
  private readonly long: string;
  private readonly bigDecimal: string;
  private readonly bigInteger: string;
  private readonly enums: string;
  private readonly maps: string;
  private readonly seen = new Map<object, unknown>();

  constructor(o?: ToJsOptions) {
    this.long = o?.long ?? "auto";
    this.bigDecimal = o?.bigDecimal ?? "string";
    this.bigInteger = o?.bigInteger ?? "string";
    this.enums = o?.enums ?? "object";
    this.maps = o?.maps ?? "auto";
  }

  /** Marks a value as already in the JS view: converting it returns it as is. */
  keep(v: unknown): void {
    if (typeof v === "object" && v !== null) this.seen.set(v, v);
  }

  convert(v: HessianValue): unknown {
    if (typeof v !== "object" || v === null) return typeof v === "bigint" ? this.longValue(v) : v;
    if (v instanceof JavaDouble || v instanceof JavaFloat) return v.value;
    if (v instanceof Date || v instanceof Uint8Array) return v;
    const done = this.seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) return this.array(v, v);
    if (v instanceof JavaList) return this.array(v, v.items);
    if (v instanceof JavaObject) return this.object(v);
    return this.map(v as JavaMap);
  }

  private longValue(v: bigint): unknown {
    switch (this.long) {
      case "bigint":
        return v;
      case "string":
        return v.toString();
      case "number":
        return Number(v);
      default:
        return v >= -SAFE && v <= SAFE ? Number(v) : v;
    }
  }

  private array(key: object, items: readonly HessianValue[]): unknown[] {
    const out: unknown[] = [];
    this.seen.set(key, out);
    for (let i = 0; i < items.length; i++) out.push(this.convert(items[i] as HessianValue));
    return out;
  }

  private object(o: JavaObject): unknown {
    const names = o.fieldNames;
    if (o.className === "java.math.BigDecimal" && this.bigDecimal === "string" && names.length === 1) {
      const v = o.values[0];
      if (typeof v === "string") return remember(this.seen, o, v);
    }
    if (o.className === BIG_INTEGER_CLASS && this.bigInteger !== "object") {
      const v = bigIntegerFromFields(names, o.values);
      if (v !== undefined) return remember(this.seen, o, this.bigInteger === "bigint" ? v : v.toString());
    }
    if (this.enums === "name" && names.length === 1 && names[0] === "name" && typeof o.values[0] === "string") {
      return remember(this.seen, o, o.values[0]);
    }
    const out = viewRecord();
    out[javaClass] = o.className;
    this.seen.set(o, out);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      // A shadowed field appears twice; the first (the subclass's, as Java writes it) wins.
      if (!Object.hasOwn(out, name)) out[name] = this.convert(o.values[i] as HessianValue);
    }
    return out;
  }

  private map(m: JavaMap): unknown {
    let asObject = this.maps === "object";
    if (this.maps === "auto") {
      asObject = true;
      for (const k of m.entries.keys()) {
        if (typeof k !== "string") {
          asObject = false;
          break;
        }
      }
    }
    if (asObject) {
      const out = viewRecord();
      if (m.type !== null) out[javaClass] = m.type;
      this.seen.set(m, out);
      for (const [k, v] of m.entries) out[String(this.convert(k))] = this.convert(v);
      return out;
    }
    const out = new Map<unknown, unknown>();
    this.seen.set(m, out);
    for (const [k, v] of m.entries) out.set(this.convert(k), this.convert(v));
    return out;
  }
}

function remember(seen: Map<object, unknown>, key: object, v: unknown): unknown {
  seen.set(key, v);
  return v;
}
