import { readCesu8Chars } from "@tribridge/core";
import {
  ClassDef,
  concatChunks,
  type DecodeState,
  dateFromMs,
  doubleValue,
  int32At,
  int64Number,
  SMALL_LONGS,
  smallLong,
} from "./decode-state.js";
import { cachedClassDef, newDefTable } from "./def-cache.js";
import { type HessianValue, JavaList, JavaMap, JavaObject } from "./model.js";
import { readFieldString, readShortString } from "./short-strings.js";

/**
 * Reads one value of final Hessian 2.0. One function with the tag dispatch inline: the
 * compact numeric ranges are tested first (they dominate RPC payloads), then a dense switch.
 *
 * The case labels here, in read-h4-js.ts and in read-h3.ts are number literals (named in
 * comments after constants.ts): V8 compiles a switch into a jump table only when every label
 * is a small integer literal. With the imported constants it was a chain of ~90 compares,
 * each loading its constant, passed through before reaching an object, a list or a date.
 * The other byte codes in these readers are literals too: an imported constant is a load and
 * a check per use in optimised code.
 */
export function readH4(s: DecodeState): HessianValue {
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
      // The compact longs (-8..15 and -2048..2047) are all in the table: looked up here, no call.
      if (tag < 0xf0) return SMALL_LONGS[tag - 0xe0 /* LONG_ZERO */ + 2048] as bigint;
      if (r.pos >= r.end) r.need(1);
      return SMALL_LONGS[((tag - 0xf8) /* LONG_BYTE_ZERO */ << 8) + (bytes[r.pos++] as number) + 2048] as bigint;
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
        return smallLong(v);
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
        return smallLong(r.i32());
      case 0x4c: // BC_LONG
        return r.i64();
      case 0x5b: // H4_DOUBLE_ZERO
        return doubleValue(0);
      case 0x5c: // H4_DOUBLE_ONE
        return doubleValue(1);
      case 0x5d: // H4_DOUBLE_BYTE
        return doubleValue(r.i8());
      case 0x5e: // H4_DOUBLE_SHORT
        return doubleValue(r.i16());
      case 0x5f: {
        // H4_DOUBLE_MILL: Java reads an int of thousandths (the spec text says float32; no
        // Java writer does). The int is read here, not by r.i32(): readH4 has used up the
        // engine's inlining budget, and the two calls (i32, need) were ~3% of decode/pojo-list-1000.
        const p = r.pos;
        if (r.end - p < 4) r.need(4);
        r.pos = p + 4;
        return doubleValue(0.001 * int32At(bytes, p));
      }
      case 0x44: // BC_DOUBLE
        return doubleValue(r.f64());
      case 0x4a: {
        // H4_DATE: the length is checked here, as for 0x5f (a call to need per Date otherwise).
        const p = r.pos;
        if (r.end - p < 8) r.need(8);
        r.pos = p + 8;
        return dateFromMs(int64Number(bytes, p));
      }
      case 0x4b: // H4_DATE_MINUTE
        return dateFromMs(r.i32() * 60000);
      case 0x43: // H4_CLASS_DEF
        readClassDef(s, at);
        continue; // a definition is not a value: the value follows it
      case 0x4f: // H4_OBJECT
        return readInstance(s, readInt(s), at);
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
        return readInstance(s, tag - 0x60 /* H4_OBJECT_DIRECT */, at);
      case 0x51: // H4_REF
        return s.ref(readInt(s), at);
      case 0x48: // H4_MAP_UNTYPED
        return readMap(s, null, at);
      case 0x4d: // H4_MAP
        return readMap(s, readType(s), at);
      case 0x58: // H4_LIST_FIXED_UNTYPED
        return readUntypedList(s, readInt(s), at);
      case 0x78:
      case 0x79:
      case 0x7a:
      case 0x7b:
      case 0x7c:
      case 0x7d:
      case 0x7e:
      case 0x7f:
        return readUntypedList(s, tag - 0x78 /* H4_LIST_DIRECT_UNTYPED */, at);
      case 0x56: {
        // H4_LIST_FIXED
        const type = readType(s);
        return readTypedList(s, type, readInt(s), at);
      }
      case 0x70:
      case 0x71:
      case 0x72:
      case 0x73:
      case 0x74:
      case 0x75:
      case 0x76:
      case 0x77:
        return readTypedList(s, readType(s), tag - 0x70 /* H4_LIST_DIRECT */, at);
      case 0x55: // H4_LIST_VARIABLE
        return readVariableList(s, readType(s), at);
      case 0x57: // H4_LIST_VARIABLE_UNTYPED
        return readVariableList(s, null, at);
      default:
        r.fail("unexpected-tag", `0x${tag.toString(16)} starts no Hessian 2.0 value`, at);
    }
  }
}

/**
 * A list item, map key or map value: short strings (tags, codes, keys) are read here, a
 * function small enough to be inlined, without the call and full dispatch of readH4.
 */
function readItem(s: DecodeState): HessianValue {
  const r = s.r;
  const tag = r.bytes[r.pos] as number;
  if (tag < 0x20 && r.pos < r.end) {
    s.checkString(tag, r.pos++);
    return readShortString(r, tag);
  }
  return readH4(s);
}

/** An int in a length/index position (the Java reader accepts the int forms). */
export function readInt(s: DecodeState): number {
  const r = s.r;
  const at = r.pos;
  const tag = r.u8();
  if (tag >= 0x80 && tag < 0xc0) return tag - 0x90 /* INT_ZERO */;
  if (tag >= 0xc0 && tag < 0xd0) return ((tag - 0xc8) /* INT_BYTE_ZERO */ << 8) + r.u8();
  if (tag >= 0xd0 && tag < 0xd8) return ((tag - 0xd4) /* INT_SHORT_ZERO */ << 16) + r.u16();
  if (tag === 0x49 /* BC_INT */) return r.i32();
  return r.fail("unexpected-tag", `expected an int, got 0x${tag.toString(16)}`, at);
}

export function isStringTag(tag: number): boolean {
  return (
    tag < 0x20 || (tag >= 0x30 && tag <= 0x33) || tag === 0x53 /* BC_STRING */ || tag === 0x52 /* H4_STRING_CHUNK */
  );
}

/** A string where the grammar requires one (class and field names, types). */
export function readStringH4(s: DecodeState): string {
  const at = s.r.pos;
  const tag = s.r.u8();
  if (tag < 0x20) {
    s.checkString(tag, at);
    return readShortString(s.r, tag);
  }
  if (!isStringTag(tag)) s.r.fail("unexpected-tag", `expected a string, got 0x${tag.toString(16)}`, at);
  return readStringBody(s, tag, at);
}

export function readStringBody(s: DecodeState, tag: number, at: number): string {
  const r = s.r;
  let out = "";
  let total = 0;
  for (;;) {
    let len: number;
    if (tag < 0x20) len = tag;
    else if (tag <= 0x33 && tag >= 0x30) len = ((tag - 0x30) /* H4_STRING_SHORT */ << 8) + r.u8();
    else if (tag === 0x53 /* BC_STRING */ || tag === 0x52 /* H4_STRING_CHUNK */) len = r.u16();
    else return r.fail("unexpected-tag", `expected a string chunk, got 0x${tag.toString(16)}`, r.pos - 1);
    total += len;
    s.checkString(total, at);
    out += readCesu8Chars(r, len);
    if (tag !== 0x52 /* H4_STRING_CHUNK */) return out;
    tag = r.u8();
  }
}

export function readBinaryBody(s: DecodeState, tag: number, at: number): Uint8Array {
  const r = s.r;
  let chunks: Uint8Array[] | undefined;
  let total = 0;
  for (;;) {
    let len: number;
    if (tag >= 0x20 && tag <= 0x2f) len = tag - 0x20 /* BINARY_DIRECT */;
    else if (tag >= 0x34 && tag <= 0x37) len = ((tag - 0x34) /* H4_BINARY_SHORT */ << 8) + r.u8();
    else if (tag === 0x42 /* BC_BINARY */ || tag === 0x41 /* H4_BINARY_CHUNK */) len = r.u16();
    else return r.fail("unexpected-tag", `expected a binary chunk, got 0x${tag.toString(16)}`, r.pos - 1);
    total += len;
    s.checkBinary(total, at);
    if (tag !== 0x41 /* H4_BINARY_CHUNK */ && chunks === undefined) return s.bytes(len);
    chunks ??= [];
    chunks.push(r.bytesView(len));
    if (tag !== 0x41 /* H4_BINARY_CHUNK */) return concatChunks(chunks, total);
    tag = r.u8();
  }
}

export function readType(s: DecodeState): string {
  const r = s.r;
  const at = r.pos;
  if (at < r.end && isStringTag(r.bytes[at] as number)) {
    const type = readStringH4(s);
    s.addType(type, at);
    return type;
  }
  return s.type(readInt(s), at);
}

export function readClassDef(s: DecodeState, at: number): void {
  s.addClassDef(cachedClassDef(s, H4_DEFS, parseClassDef), at);
}

/** Shared by every decoder of this dialect (exported for the tests of its bounds). */
export const H4_DEFS = newDefTable();

function parseClassDef(s: DecodeState): ClassDef {
  const className = readStringH4(s);
  const countAt = s.r.pos;
  const n = readInt(s);
  s.checkCount(n, 1, countAt);
  const fieldNames: string[] = [];
  for (let i = 0; i < n; i++) fieldNames.push(readStringH4(s));
  return new ClassDef(className, Object.freeze(fieldNames));
}

export function readInstance(s: DecodeState, index: number, at: number): JavaObject {
  const def = s.classDef(index, at);
  const n = def.fieldNames.length;
  // Sized up front: the count comes from a definition already read, not from a length claim,
  // and growing by push reallocated twice per object (decode/pojo-list-1000).
  const values: HessianValue[] = new Array(n);
  const obj = new JavaObject(def.className, def.fieldNames, values);
  s.addRef(obj);
  s.enter(at);
  const r = s.r;
  const modes = def.stringModes;
  for (let i = 0; i < n; i++) {
    const bytes = r.bytes;
    const p = r.pos;
    const tag = bytes[p] as number;
    if (tag < 0x20 && p < r.end) {
      s.checkString(tag, p);
      r.pos = p + 1;
      values[i] = readFieldString(r, tag, modes, i);
    } else if (tag >= 0xd8 && p + 1 < r.end) {
      // The compact longs (ids, counts, timestamps in seconds) without readH4's call: one
      // byte for -8..15 (0xd8-0xef), two for -2048..2047 (0xf0-0xff), all in SMALL_LONGS.
      if (tag < 0xf0) {
        r.pos = p + 1;
        values[i] = SMALL_LONGS[tag - 0xe0 /* LONG_ZERO */ + 2048] as bigint;
      } else {
        r.pos = p + 2;
        values[i] = SMALL_LONGS[((tag - 0xf8) /* LONG_BYTE_ZERO */ << 8) + (bytes[p + 1] as number) + 2048] as bigint;
      }
    } else if (tag === 0x4a /* H4_DATE */ && r.end - p > 8) {
      // Dates, as for the longs above (one per User in decode/pojo-list-1000).
      r.pos = p + 9;
      values[i] = dateFromMs(int64Number(bytes, p + 1));
    } else if (tag === 0x5f /* H4_DOUBLE_MILL */ && r.end - p > 4) {
      r.pos = p + 5;
      values[i] = doubleValue(0.001 * int32At(bytes, p + 1));
    } else values[i] = readH4(s);
  }
  s.depth--;
  return obj;
}

function readUntypedList(s: DecodeState, n: number, at: number): HessianValue[] {
  s.checkCount(n, 1, at);
  if (n <= SIZED_LIST_MAX) {
    const items = new Array<HessianValue>(n);
    s.addRef(items);
    s.enter(at);
    for (let i = 0; i < n; i++) items[i] = readItem(s);
    s.depth--;
    return items;
  }
  const items: HessianValue[] = [];
  s.addRef(items);
  s.enter(at);
  for (let i = 0; i < n; i++) items.push(readItem(s));
  s.depth--;
  return items;
}

/**
 * Lists up to this length are allocated at their size: a first `push` reserves 16 slots,
 * which cost ~5% of decode/pojo-list-1000 (five tags per user) in allocation and GC. Longer
 * ones still grow by push, so a length claim never reserves memory by itself.
 */
export const SIZED_LIST_MAX = 8;

function readTypedList(s: DecodeState, type: string, n: number, at: number): JavaList {
  s.checkCount(n, 1, at);
  const list = new JavaList(type, []);
  s.addRef(list);
  s.enter(at);
  const items = list.items;
  for (let i = 0; i < n; i++) items.push(readItem(s));
  s.depth--;
  return list;
}

function readVariableList(s: DecodeState, type: string | null, at: number): JavaList {
  const r = s.r;
  const list = new JavaList(type, [], true);
  s.addRef(list);
  s.enter(at);
  const items = list.items;
  const max = s.limits.maxCollectionLength;
  for (;;) {
    if (r.pos >= r.end) r.fail("truncated", "list without its end marker");
    if (r.bytes[r.pos] === 0x5a /* H4_END */) break;
    if (items.length >= max) r.fail("limit-exceeded", `list longer than ${max}`, at);
    items.push(readItem(s));
  }
  r.pos++;
  s.depth--;
  return list;
}

function readMap(s: DecodeState, type: string | null, at: number): JavaMap {
  const r = s.r;
  const map = new JavaMap(type);
  s.addRef(map);
  s.enter(at);
  const entries = map.entries;
  const max = s.limits.maxCollectionLength;
  let count = 0;
  let key: HessianValue = null;
  // Keys and values alternate through one call site, so the short-string reader is inlined
  // for both (with two, one of them called it out of line; as in readMapJs).
  for (let isKey = true; ; isKey = !isKey) {
    if (isKey) {
      if (r.pos >= r.end) r.fail("truncated", "map without its end marker");
      if (r.bytes[r.pos] === 0x5a /* H4_END */) break;
      if (++count > max) r.fail("limit-exceeded", `map larger than ${max}`, at);
    }
    const item = readItem(s);
    if (isKey) key = item;
    else entries.set(key, item);
  }
  r.pos++;
  s.depth--;
  return map;
}
