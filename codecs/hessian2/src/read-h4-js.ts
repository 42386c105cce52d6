import {
  type ClassDef,
  type DecodeState,
  dateFromMs,
  int32At,
  int64Number,
  JS_LONG_AUTO,
  JS_LONG_BIGINT,
  JS_LONG_NUMBER,
  JS_LONG_STRING,
  JS_MAPS_MAP,
  JS_MAPS_OBJECT,
  smallLong,
} from "./decode-state.js";
import { COMPILE_AFTER, compileShape, type JsShape, javaClass, mapFill, viewRecord } from "./js-shapes.js";
import type { HessianValue } from "./model.js";
import {
  isStringTag,
  readBinaryBody,
  readClassDef,
  readInt,
  readStringBody,
  readType,
  SIZED_LIST_MAX,
} from "./read-h4.js";
import { NOT_SPECIAL, readSpecialJs } from "./read-special-js.js";
import { readFieldString, readShortString } from "./short-strings.js";

/**
 * Reads one value of final Hessian 2.0 straight into the JS view: the same values `toJs`
 * would give for the model, without building the model first. Building JavaObject + values
 * array and then converting cost as much as decoding (decode/pojo-list-1000 JS view was
 * 1.07× hessian.js that way). Same tag dispatch as readH4; only what differs is re-done here.
 */
export function readH4Js(s: DecodeState): unknown {
  const r = s.r;
  const bytes = r.bytes;
  for (;;) {
    const at = r.pos;
    if (at >= r.end) r.fail("truncated", "expected a value");
    const tag = bytes[r.pos++] as number;
    if (tag >= 0x80) {
      if (tag < 0xc0) return tag - 0x90 /* INT_ZERO */;
      if (tag < 0xd0) {
        if (r.pos >= r.end) r.need(1);
        return ((tag - 0xc8) /* INT_BYTE_ZERO */ << 8) + (bytes[r.pos++] as number);
      }
      if (tag < 0xd8) {
        r.need(2);
        const v =
          ((tag - 0xd4) /* INT_SHORT_ZERO */ << 16) + ((bytes[r.pos] as number) << 8) + (bytes[r.pos + 1] as number);
        r.pos += 2;
        return v;
      }
      if (tag < 0xf0) return longJs(s, tag - 0xe0 /* LONG_ZERO */);
      if (r.pos >= r.end) r.need(1);
      return longJs(s, ((tag - 0xf8) /* LONG_BYTE_ZERO */ << 8) + (bytes[r.pos++] as number));
    }
    if (tag < 0x20) {
      s.checkString(tag, at);
      return readShortString(r, tag);
    }
    switch (tag) {
      case 0x30:
      case 0x31:
      case 0x32:
      case 0x33:
      case 0x53: // BC_STRING
      case 0x52: // H4_STRING_CHUNK
        return readStringBody(s, tag, at);
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
      case 0x25:
      case 0x26:
      case 0x27:
      case 0x28:
      case 0x29:
      case 0x2a:
      case 0x2b:
      case 0x2c:
      case 0x2d:
      case 0x2e:
      case 0x2f:
      case 0x34:
      case 0x35:
      case 0x36:
      case 0x37:
      case 0x42: // BC_BINARY
      case 0x41: // H4_BINARY_CHUNK
        return readBinaryBody(s, tag, at);
      case 0x38:
      case 0x39:
      case 0x3a:
      case 0x3b:
      case 0x3c:
      case 0x3d:
      case 0x3e:
      case 0x3f: {
        r.need(2);
        const v =
          ((tag - 0x3c) /* LONG_SHORT_ZERO */ << 16) + ((bytes[r.pos] as number) << 8) + (bytes[r.pos + 1] as number);
        r.pos += 2;
        return longJs(s, v);
      }
      case 0x4e: // BC_NULL
        return null;
      case 0x54: // BC_TRUE
        return true;
      case 0x46: // BC_FALSE
        return false;
      case 0x49: // BC_INT
        return r.i32();
      case 0x59: // H4_LONG_INT
        return longJs(s, r.i32());
      case 0x4c: // BC_LONG
        return long64Js(s);
      case 0x5b: // H4_DOUBLE_ZERO
        return 0;
      case 0x5c: // H4_DOUBLE_ONE
        return 1;
      case 0x5d: // H4_DOUBLE_BYTE
        return r.i8();
      case 0x5e: // H4_DOUBLE_SHORT
        return r.i16();
      case 0x5f: // H4_DOUBLE_MILL
        return 0.001 * r.i32();
      case 0x44: // BC_DOUBLE
        return r.f64();
      case 0x4a: {
        // H4_DATE
        r.need(8);
        const ms = int64Number(bytes, r.pos);
        r.pos += 8;
        return dateFromMs(ms);
      }
      case 0x4b: // H4_DATE_MINUTE
        return dateFromMs(r.i32() * 60000);
      case 0x43: // H4_CLASS_DEF
        readClassDef(s, at);
        continue; // a definition is not a value: the value follows it
      case 0x4f: // H4_OBJECT
        return readObjectJs(s, readInt(s), at);
      case 0x60:
      case 0x61:
      case 0x62:
      case 0x63:
      case 0x64:
      case 0x65:
      case 0x66:
      case 0x67:
      case 0x68:
      case 0x69:
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x6d:
      case 0x6e:
      case 0x6f:
        return readObjectJs(s, tag - 0x60 /* H4_OBJECT_DIRECT */, at);
      case 0x51: {
        // H4_REF
        const index = readInt(s);
        // A map in `auto` mode may still turn from object into Map; see readMapJs.
        if (index >= s.jsPendingLow) s.jsPendingHit = true;
        return s.ref(index, at);
      }
      case 0x48: // H4_MAP_UNTYPED
        return readMapJs(s, null, at, s.types.length, s.jsMaps);
      case 0x4d: {
        // H4_MAP
        const typesBefore = s.types.length;
        return readMapJs(s, readType(s), at, typesBefore, s.jsMaps);
      }
      case 0x58: // H4_LIST_FIXED_UNTYPED
        return readListJs(s, readInt(s), at);
      case 0x78:
      case 0x79:
      case 0x7a:
      case 0x7b:
      case 0x7c:
      case 0x7d:
      case 0x7e:
      case 0x7f:
        return readListJs(s, tag - 0x78 /* H4_LIST_DIRECT_UNTYPED */, at);
      case 0x56: // H4_LIST_FIXED
        readType(s);
        return readListJs(s, readInt(s), at);
      case 0x70:
      case 0x71:
      case 0x72:
      case 0x73:
      case 0x74:
      case 0x75:
      case 0x76:
      case 0x77:
        readType(s);
        return readListJs(s, tag - 0x70 /* H4_LIST_DIRECT */, at);
      case 0x55: // H4_LIST_VARIABLE
        readType(s);
        return readVariableListJs(s, at);
      case 0x57: // H4_LIST_VARIABLE_UNTYPED
        return readVariableListJs(s, at);
      default:
        r.fail("unexpected-tag", `0x${tag.toString(16)} starts no Hessian 2.0 value`, at);
    }
  }
}

/** As readItem (read-h4.ts): short strings of list items and map entries without the full dispatch. */
function readItemJs(s: DecodeState): unknown {
  const r = s.r;
  const tag = r.bytes[r.pos] as number;
  if (tag < 0x20 && r.pos < r.end) {
    s.checkString(tag, r.pos++);
    return readShortString(r, tag);
  }
  return readH4Js(s);
}

/** A long that fits 32 bits, per the `long` option. */
function longJs(s: DecodeState, v: number): unknown {
  const mode = s.jsLong;
  if (mode === JS_LONG_AUTO || mode === JS_LONG_NUMBER) return v;
  return mode === JS_LONG_BIGINT ? smallLong(v) : String(v);
}

/** 'L' + int64 per the `long` option; a BigInt only when one is asked for or needed. */
function long64Js(s: DecodeState): unknown {
  const r = s.r;
  r.need(8);
  const mode = s.jsLong;
  if (mode === JS_LONG_NUMBER || mode === JS_LONG_AUTO) {
    // Rounded once, like Number(bigint); a safe result means the exact value was safe.
    const v = int64Number(r.bytes, r.pos);
    if (mode === JS_LONG_NUMBER || Number.isSafeInteger(v)) {
      r.pos += 8;
      return v;
    }
  }
  const big = r.i64();
  return mode === JS_LONG_STRING ? big.toString() : big;
}

function readObjectJs(s: DecodeState, index: number, at: number): unknown {
  const def = s.classDef(index, at);
  if (def.special !== 0) {
    const special = readSpecialJs(s, def, index, at);
    if (special !== NOT_SPECIAL) return special;
  }
  const shape = def.jsShape === undefined ? decideShape(s, def) : def.jsShape;
  if (shape !== null) {
    const out = new shape.Record();
    s.addRef(out as unknown as HessianValue);
    s.enter(at);
    shape.fill(out, s, def.stringModes);
    s.depth--;
    return out;
  }
  const out = viewRecord();
  out[javaClass] = def.className;
  s.addRef(out as unknown as HessianValue);
  s.enter(at);
  const names = def.fieldNames;
  const n = names.length;
  const shadowed = def.shadowed;
  const modes = def.stringModes;
  if (shadowed === null) {
    for (let i = 0; i < n; i++) out[names[i] as string] = readFieldJs(s, modes, i);
  } else {
    for (let i = 0; i < n; i++) {
      const v = readFieldJs(s, modes, i);
      // A shadowed field appears twice; the first (the subclass's, as Java writes it) wins.
      if (!shadowed[i]) out[names[i] as string] = v;
    }
  }
  s.depth--;
  return out;
}

/**
 * Field `i` of an object: short strings go by the field's table use (readFieldString); compact
 * longs, Dates and doubles of thousandths are read here, as readInstance does for the model
 * (readH4Js is a call: it has used up the engine's inlining budget); the rest as any value.
 * Too few bytes for the field: readH4Js reads it and reports the truncation.
 */
function readFieldJs(s: DecodeState, modes: Uint8Array, i: number): unknown {
  const r = s.r;
  const bytes = r.bytes;
  const p = r.pos;
  const tag = bytes[p] as number;
  if (tag < 0x20 && p < r.end) {
    s.checkString(tag, p);
    r.pos = p + 1;
    return readFieldString(r, tag, modes, i);
  }
  if (tag >= 0xd8 && p + 1 < r.end) {
    if (tag < 0xf0) {
      r.pos = p + 1;
      return longJs(s, tag - 0xe0 /* LONG_ZERO */);
    }
    r.pos = p + 2;
    return longJs(s, ((tag - 0xf8) /* LONG_BYTE_ZERO */ << 8) + (bytes[p + 1] as number));
  }
  if (tag === 0x4a /* H4_DATE */ && r.end - p > 8) {
    r.pos = p + 9;
    return dateFromMs(int64Number(bytes, p + 1));
  }
  if (tag === 0x5f /* H4_DOUBLE_MILL */ && r.end - p > 4) {
    r.pos = p + 5;
    return 0.001 * int32At(bytes, p + 1);
  }
  return readH4Js(s);
}

/** The class's compiled shape once it has earned one; null (generic path) until then or for good. */
function decideShape(s: DecodeState, def: ClassDef): JsShape | null {
  if (def.shadowed !== null) {
    def.jsShape = null;
    return null;
  }
  if (++def.jsInstances < COMPILE_AFTER || s.jsCompileBudget <= 0) return null;
  s.jsCompileBudget--;
  const shape = compileShape(def.className, def.fieldNames, readFieldJs);
  def.jsShape = shape;
  return shape;
}

function readListJs(s: DecodeState, n: number, at: number): unknown[] {
  s.checkCount(n, 1, at);
  if (n <= SIZED_LIST_MAX) {
    const items = new Array<unknown>(n);
    s.addRef(items as unknown as HessianValue);
    s.enter(at);
    for (let i = 0; i < n; i++) items[i] = readItemJs(s);
    s.depth--;
    return items;
  }
  const items: unknown[] = [];
  s.addRef(items as unknown as HessianValue);
  s.enter(at);
  for (let i = 0; i < n; i++) items.push(readItemJs(s));
  s.depth--;
  return items;
}

function readVariableListJs(s: DecodeState, at: number): unknown[] {
  const r = s.r;
  const items: unknown[] = [];
  s.addRef(items as unknown as HessianValue);
  s.enter(at);
  const max = s.limits.maxCollectionLength;
  for (;;) {
    if (r.pos >= r.end) r.fail("truncated", "list without its end marker");
    if (r.bytes[r.pos] === 0x5a /* H4_END */) break;
    if (items.length >= max) r.fail("limit-exceeded", `list longer than ${max}`, at);
    items.push(readItemJs(s));
  }
  r.pos++;
  s.depth--;
  return items;
}

/**
 * A map: Map, or a record (typed maps carry `javaClass`), per the `maps`
 * option. In `auto` mode the form depends on whether every key is a string on the wire,
 * known only at the end: entries are collected, the record is what back references inside
 * see, and in the rare case that it becomes a Map after such a reference, the map is read
 * again in Map form (tables rewound), so the result equals `toJs(decode(...))`.
 */
function readMapJs(s: DecodeState, type: string | null, at: number, typesBefore: number, mode: number): unknown {
  const r = s.r;
  const slot = s.refCount;
  const defsBefore = s.classDefCount;
  const depthBefore = s.depth;
  const max = s.limits.maxCollectionLength;
  if (mode === JS_MAPS_MAP) {
    const map = new Map<unknown, unknown>();
    s.addRef(map as unknown as HessianValue);
    s.enter(at);
    let count = 0;
    for (;;) {
      if (r.pos >= r.end) r.fail("truncated", "map without its end marker");
      if (r.bytes[r.pos] === 0x5a /* H4_END */) break;
      if (++count > max) r.fail("limit-exceeded", `map larger than ${max}`, at);
      const key = readItemJs(s);
      map.set(key, readItemJs(s));
    }
    r.pos++;
    s.depth--;
    return map;
  }
  const out = viewRecord();
  if (type !== null) out[javaClass] = type;
  s.addRef(out as unknown as HessianValue);
  s.enter(at);
  if (mode === JS_MAPS_OBJECT) {
    let count = 0;
    for (;;) {
      if (r.pos >= r.end) r.fail("truncated", "map without its end marker");
      if (r.bytes[r.pos] === 0x5a /* H4_END */) break;
      if (++count > max) r.fail("limit-exceeded", `map larger than ${max}`, at);
      const key = String(readItemJs(s));
      out[key] = readItemJs(s);
    }
    r.pos++;
    s.depth--;
    return out;
  }
  const pendingLow = s.jsPendingLow;
  const pendingHit = s.jsPendingHit;
  if (slot < pendingLow) s.jsPendingLow = slot;
  s.jsPendingHit = false;
  // Literals with room for eight entries, filled by index (longer maps append): `[]` grew
  // its store on the first push, twice per map (~10% of decode-js/rpc-args).
  const keys: unknown[] = [null, null, null, null, null, null, null, null];
  const values: unknown[] = [null, null, null, null, null, null, null, null];
  let n = 0;
  let allStrings = true;
  // Keys and values alternate through one call site: with two, the engine inlined the string
  // reader into only one of them and called it for the other (decode-js/rpc-args, -5%).
  for (let isKey = true; ; isKey = !isKey) {
    if (isKey) {
      if (r.pos >= r.end) r.fail("truncated", "map without its end marker");
      const b = r.bytes[r.pos] as number;
      if (b === 0x5a /* H4_END */) break;
      if (n >= max) r.fail("limit-exceeded", `map larger than ${max}`, at);
      if (allStrings && !isStringTag(b)) allStrings = false;
    }
    const item = readItemJs(s);
    if (isKey) keys[n] = item;
    else values[n++] = item;
  }
  r.pos++;
  s.depth--;
  const hit = s.jsPendingHit;
  s.jsPendingLow = pendingLow;
  s.jsPendingHit = pendingHit || hit;
  if (allStrings) {
    const fill = mapFill(keys, n, s);
    if (fill !== null) fill(out, values);
    else for (let i = 0; i < n; i++) out[keys[i] as string] = values[i];
    return out;
  }
  if (hit) {
    // Something inside already holds the record; read again with the Map in the slot from the start.
    s.refCount = slot;
    s.classDefCount = defsBefore;
    s.types.length = typesBefore;
    s.depth = depthBefore;
    r.pos = at + 1;
    if (type !== null) readType(s);
    return readMapJs(s, type, at, typesBefore, JS_MAPS_MAP);
  }
  const map = new Map<unknown, unknown>();
  for (let i = 0; i < n; i++) map.set(keys[i], values[i]);
  s.refs[slot] = map as unknown as HessianValue;
  return map;
}
