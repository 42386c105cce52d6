import type { DecodeState } from "./decode-state.js";

/** Where the Java class name of a JS-view object lives (see jsViewPrototype for their prototype). */
export const javaClass: unique symbol = Symbol.for("@tribridge/hessian2/javaClass");

/**
 * The prototype of every object and string-keyed map in the JS view: empty, frozen, and with
 * a null prototype itself, so `Object.prototype` is not in the chain (`__proto__`,
 * `constructor`, `toString` are ordinary own keys or absent) and nothing can be added to it.
 * A shared prototype instead of a null one lets the engine keep these objects in fast mode
 * without `Object.setPrototypeOf`, which cost as much as reading the object's fields.
 */
export const jsViewPrototype: object = Object.freeze(Object.create(null) as object);

/** An empty JS-view record (its keys are added by the caller). */
export function viewRecord(): Record<string | symbol, unknown> {
  return Object.create(jsViewPrototype) as Record<string | symbol, unknown>;
}

/**
 * A class compiled for the JS view: `Record` builds an instance with every field present (in
 * class-definition order, `javaClass` first), and `fill` reads each field value in turn with
 * a named store, so every instance of the class has one hidden class and no store looks
 * up a key. Built from generated code, because the generic path (one keyed store per field
 * on a fresh object) was most of the time of hessian2/decode-js/pojo-list-1000.
 */
export interface JsShape {
  readonly Record: new () => Record<string | symbol, unknown>;
  readonly fill: (out: Record<string | symbol, unknown>, s: DecodeState, modes: Uint8Array) => void;
}

/** Reads field `i` of an instance (`modes` is its class's `stringModes`). */
export type FieldReader = (s: DecodeState, modes: Uint8Array, i: number) => unknown;

/** A class is compiled once it has had this many instances, so one-off classes never pay for it. */
export const COMPILE_AFTER = 4;
/** Compilations one stream may cause: bounds the work a hostile stream of new classes can cause. */
export const COMPILE_BUDGET = 16;
/** Wider classes keep the generic path (the generated code grows with the field count). */
const MAX_FIELDS = 64;

// False once the engine refuses generated code (a CSP without 'unsafe-eval'): the generic path is then used.
let codegen = true;

/**
 * The compiled shape of a class with distinct field names, or null when it cannot have one.
 * Field names only ever appear as JSON string literals in property positions: JSON.stringify
 * escapes quotes, backslashes and control characters, so no name can end the literal.
 */
export function compileShape(className: string, fieldNames: readonly string[], read: FieldReader): JsShape | null {
  if (!codegen || fieldNames.length > MAX_FIELDS) return null;
  const keys = fieldNames.map((name) => JSON.stringify(name));
  const init = keys.map((k) => `this[${k}] = undefined;`).join("\n");
  const reads = keys.map((k, i) => `out[${k}] = read(s, modes, ${i});`).join("\n");
  try {
    const make = new Function(
      "javaClass",
      "className",
      "proto",
      "read",
      `"use strict";
function Record() {
this[javaClass] = className;
${init}
}
Record.prototype = proto;
function fill(out, s, modes) {
${reads}
}
return { Record, fill };`,
    ) as (key: symbol, className: string, proto: object, read: FieldReader) => JsShape;
    return make(javaClass, className, jsViewPrototype, read);
  } catch {
    codegen = false;
    return null;
  }
}

/** Fills a string-keyed map record with the values of its keys, in key order, by named stores. */
export type MapFill = (out: Record<string | symbol, unknown>, values: readonly unknown[]) => void;

interface MapShape {
  readonly keys: readonly string[];
  seen: number;
  /** Compiled once the key list has been seen COMPILE_AFTER times; false when it cannot be. */
  fill: MapFill | null | false;
}

// Key lists of string-keyed maps seen recently, by first key: RPC attachments and DTO-like maps
// repeat the same keys in the same order in every message. One keyed store per entry on a fresh
// record was ~10% of decode-js/rpc-args (the engine's generic store path); a compiled fill makes
// every store a named one. Bounded: at most MAP_SHAPES_MAX lists, of short keys, and the
// per-stream compile budget the classes use.
const mapShapes = new Map<string, MapShape>();
const MAP_SHAPES_MAX = 64;
const MAP_KEY_MAX = 64;

/**
 * The compiled fill for maps with exactly these keys (`keys[0, n)`: strings, in this order), or
 * null while the list has not earned one (or cannot have one: repeated or long keys, too many keys).
 */
export function mapFill(keys: readonly unknown[], n: number, s: DecodeState): MapFill | null {
  if (n === 0 || n > MAX_FIELDS) return null;
  const first = keys[0] as string;
  const shape = mapShapes.get(first);
  if (shape !== undefined && sameKeys(shape.keys, keys, n)) {
    if (shape.fill !== null) return shape.fill === false ? null : shape.fill;
    if (++shape.seen < COMPILE_AFTER || s.jsCompileBudget <= 0) return null;
    s.jsCompileBudget--;
    shape.fill = compileMapFill(shape.keys) ?? false;
    return shape.fill === false ? null : shape.fill;
  }
  for (let i = 0; i < n; i++) if ((keys[i] as string).length > MAP_KEY_MAX) return null;
  if (shape === undefined && mapShapes.size >= MAP_SHAPES_MAX) mapShapes.clear();
  mapShapes.set(first, { keys: keys.slice(0, n) as string[], seen: 1, fill: null });
  return null;
}

function sameKeys(a: readonly string[], b: readonly unknown[], n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Keys appear only as JSON string literals in property positions, as in compileShape. */
function compileMapFill(keys: readonly string[]): MapFill | null {
  if (!codegen || new Set(keys).size !== keys.length) return null;
  const stores = keys.map((k, i) => `out[${JSON.stringify(k)}] = values[${i}];`).join("\n");
  try {
    return new Function("out", "values", `"use strict";\n${stores}`) as MapFill;
  } catch {
    codegen = false;
    return null;
  }
}
