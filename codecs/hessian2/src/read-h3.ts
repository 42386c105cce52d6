import { readCesu8Chars } from "@tribridge/core";
import {
  ClassDef,
  concatChunks,
  type DecodeState,
  dateFromMs,
  doubleValue,
  int64Number,
  smallLong,
} from "./decode-state.js";
import { cachedClassDef, newDefTable } from "./def-cache.js";
import { type HessianValue, JavaList, JavaMap, JavaObject } from "./model.js";

/**
 * Reads one value of the Hessian 3.1 draft ("Hessian 2" of sofa-hessian 3.x). Numbers share
 * the final format's compact ranges; everything structural (lists, maps, objects, refs,
 * dates, doubles) has its own bytes, so it gets its own switch.
 */
export function readH3(s: DecodeState): HessianValue {
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
      if (tag < 0xf0) return smallLong(tag - 0xe0 /* LONG_ZERO */);
      if (r.pos >= r.end) r.need(1);
      return smallLong(((tag - 0xf8) /* LONG_BYTE_ZERO */ << 8) + (bytes[r.pos++] as number));
    }
    if (tag < 0x20) {
      s.checkString(tag, at);
      return readCesu8Chars(r, tag);
    }
    if (tag < 0x30) return readBinaryBody(s, tag, at);
    switch (tag) {
      case 0x53: // BC_STRING
      case 0x73: // H3_STRING_CHUNK
        return readStringBody(s, tag, at);
      case 0x42: // BC_BINARY
      case 0x62: // H3_BINARY_CHUNK
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
      case 0x77: // H3_LONG_INT
        return smallLong(r.i32());
      case 0x4c: // BC_LONG
        return r.i64();
      case 0x67: // H3_DOUBLE_ZERO
        return doubleValue(0);
      case 0x68: // H3_DOUBLE_ONE
        return doubleValue(1);
      case 0x69: // H3_DOUBLE_BYTE
        return doubleValue(r.i8());
      case 0x6a: // H3_DOUBLE_SHORT
        return doubleValue(r.i16());
      case 0x6b: // H3_DOUBLE_FLOAT
        return doubleValue(r.f32());
      case 0x44: // BC_DOUBLE
        return doubleValue(r.f64());
      case 0x64: {
        // H3_DATE
        r.need(8);
        const ms = int64Number(bytes, r.pos);
        r.pos += 8;
        return dateFromMs(ms);
      }
      case 0x4f: // H3_CLASS_DEF
        readClassDef(s, at);
        continue; // a definition is not a value: the value follows it
      case 0x6f: // H3_OBJECT
        return readInstance(s, readInt(s), at);
      case 0x4a: // H3_REF_BYTE
        return s.ref(r.u8(), at);
      case 0x4b: // H3_REF_SHORT
        return s.ref(r.u16(), at);
      case 0x52: // H3_REF
        return s.ref(r.i32(), at);
      case 0x4d: // H3_MAP
        return readMap(s, readType(s), at);
      case 0x56: {
        // H3_LIST
        const type = readType(s);
        return readList(s, type, readLength(s), at);
      }
      case 0x76: {
        // H3_LIST_FIXED
        const refAt = r.pos;
        const type = s.type(readInt(s), refAt);
        return readFixedList(s, type, readInt(s), at);
      }
      default:
        r.fail("unexpected-tag", `0x${tag.toString(16)} starts no Hessian 3.1-draft value`, at);
    }
  }
}

function readInt(s: DecodeState): number {
  const r = s.r;
  const at = r.pos;
  const tag = r.u8();
  if (tag >= 0x80 && tag < 0xc0) return tag - 0x90 /* INT_ZERO */;
  if (tag >= 0xc0 && tag < 0xd0) return ((tag - 0xc8) /* INT_BYTE_ZERO */ << 8) + r.u8();
  if (tag >= 0xd0 && tag < 0xd8) return ((tag - 0xd4) /* INT_SHORT_ZERO */ << 16) + r.u16();
  if (tag === 0x49 /* BC_INT */) return r.i32();
  return r.fail("unexpected-tag", `expected an int, got 0x${tag.toString(16)}`, at);
}

/** A list length: 0x6e + byte, 'l' + int32, or absent (-1, the list runs to its end marker). */
function readLength(s: DecodeState): number {
  const r = s.r;
  const tag = r.peek();
  if (tag === 0x6e /* H3_LENGTH_BYTE */) {
    r.pos++;
    return r.u8();
  }
  if (tag === 0x6c /* H3_LENGTH */) {
    r.pos++;
    const at = r.pos;
    const n = r.i32();
    if (n < 0) r.fail("malformed", `negative list length ${n}`, at);
    return n;
  }
  return -1;
}

/** 't' + uint16 + chars (new), 0x75 or 'T' + int (reference), or nothing: the untyped "" as null. */
function readType(s: DecodeState): string | null {
  const r = s.r;
  const at = r.pos;
  const tag = r.peek();
  if (tag === 0x74 /* H3_TYPE */) {
    r.pos++;
    const len = r.u16();
    s.checkString(len, at);
    const type = readCesu8Chars(r, len);
    s.addType(type, at);
    return type === "" ? null : type;
  }
  if (tag === 0x75 /* H3_TYPE_REF */ || tag === 0x54 /* H3_TYPE_REF_LEGACY */) {
    r.pos++;
    const type = s.type(readInt(s), at);
    return type === "" ? null : type;
  }
  return null;
}

export function readStringH3(s: DecodeState): string {
  const at = s.r.pos;
  const tag = s.r.u8();
  if (tag < 0x20) {
    s.checkString(tag, at);
    return readCesu8Chars(s.r, tag);
  }
  if (tag !== 0x53 /* BC_STRING */ && tag !== 0x73 /* H3_STRING_CHUNK */) {
    s.r.fail("unexpected-tag", `expected a string, got 0x${tag.toString(16)}`, at);
  }
  return readStringBody(s, tag, at);
}

function readStringBody(s: DecodeState, tag: number, at: number): string {
  const r = s.r;
  let out = "";
  let total = 0;
  for (;;) {
    let len: number;
    if (tag < 0x20) len = tag;
    else if (tag === 0x53 /* BC_STRING */ || tag === 0x73 /* H3_STRING_CHUNK */) len = r.u16();
    else return r.fail("unexpected-tag", `expected a string chunk, got 0x${tag.toString(16)}`, r.pos - 1);
    total += len;
    s.checkString(total, at);
    out += readCesu8Chars(r, len);
    if (tag !== 0x73 /* H3_STRING_CHUNK */) return out;
    tag = r.u8();
  }
}

function readBinaryBody(s: DecodeState, tag: number, at: number): Uint8Array {
  const r = s.r;
  let chunks: Uint8Array[] | undefined;
  let total = 0;
  for (;;) {
    let len: number;
    if (tag >= 0x20 && tag <= 0x2f) len = tag - 0x20 /* BINARY_DIRECT */;
    else if (tag === 0x42 /* BC_BINARY */ || tag === 0x62 /* H3_BINARY_CHUNK */) len = r.u16();
    else return r.fail("unexpected-tag", `expected a binary chunk, got 0x${tag.toString(16)}`, r.pos - 1);
    total += len;
    s.checkBinary(total, at);
    if (tag !== 0x62 /* H3_BINARY_CHUNK */ && chunks === undefined) return s.bytes(len);
    chunks ??= [];
    chunks.push(r.bytesView(len));
    if (tag !== 0x62 /* H3_BINARY_CHUNK */) return concatChunks(chunks, total);
    tag = r.u8();
  }
}

/** 'O' + int name length + raw name chars (not a string value) + int count + field-name strings. */
function readClassDef(s: DecodeState, at: number): void {
  s.addClassDef(cachedClassDef(s, H3_DEFS, parseClassDef), at);
}

/** Shared by every decoder of this dialect (exported for the tests of its bounds). */
export const H3_DEFS = newDefTable();

function parseClassDef(s: DecodeState): ClassDef {
  const r = s.r;
  const nameAt = r.pos;
  const len = readInt(s);
  if (len < 0) r.fail("malformed", `negative class name length ${len}`, nameAt);
  s.checkString(len, nameAt);
  const className = readCesu8Chars(r, len);
  const countAt = r.pos;
  const n = readInt(s);
  s.checkCount(n, 1, countAt);
  const fieldNames: string[] = [];
  for (let i = 0; i < n; i++) fieldNames.push(readStringH3(s));
  return new ClassDef(className, Object.freeze(fieldNames));
}

function readInstance(s: DecodeState, index: number, at: number): JavaObject {
  const def = s.classDef(index, at);
  const values: HessianValue[] = [];
  const obj = new JavaObject(def.className, def.fieldNames, values);
  s.addRef(obj);
  s.enter(at);
  const n = def.fieldNames.length;
  for (let i = 0; i < n; i++) values.push(readH3(s));
  s.depth--;
  return obj;
}

/**
 * 'V' list: Java ends it with 'z' even when a length is given; the reader trusts the end
 * marker (as Java's collection reader does) and uses the length only as a bound.
 */
function readList(s: DecodeState, type: string | null, length: number, at: number): HessianValue[] | JavaList {
  const r = s.r;
  if (length >= 0) s.checkCount(length, 1, at);
  const items: HessianValue[] = [];
  const value = type === null && length >= 0 ? items : new JavaList(type, items, length < 0);
  s.addRef(value);
  s.enter(at);
  const max = length >= 0 ? length : s.limits.maxCollectionLength;
  for (;;) {
    if (r.pos >= r.end) r.fail("truncated", "list without its end marker");
    if (r.bytes[r.pos] === 0x7a /* H3_END */) break;
    if (items.length >= max) r.fail(length >= 0 ? "malformed" : "limit-exceeded", `list longer than ${max}`, at);
    items.push(readH3(s));
  }
  r.pos++;
  if (length >= 0 && items.length !== length) {
    r.fail("malformed", `list announced ${length} elements but held ${items.length}`, at);
  }
  s.depth--;
  return value;
}

/** 'v' list: a known type by reference and a length, no end marker. */
function readFixedList(s: DecodeState, type: string, n: number, at: number): JavaList | HessianValue[] {
  s.checkCount(n, 1, at);
  const items: HessianValue[] = [];
  const value = type === "" ? items : new JavaList(type, items);
  s.addRef(value);
  s.enter(at);
  for (let i = 0; i < n; i++) items.push(readH3(s));
  s.depth--;
  return value;
}

function readMap(s: DecodeState, type: string | null, at: number): JavaMap {
  const r = s.r;
  const map = new JavaMap(type);
  s.addRef(map);
  s.enter(at);
  const entries = map.entries;
  const max = s.limits.maxCollectionLength;
  let count = 0;
  for (;;) {
    if (r.pos >= r.end) r.fail("truncated", "map without its end marker");
    if (r.bytes[r.pos] === 0x7a /* H3_END */) break;
    if (++count > max) r.fail("limit-exceeded", `map larger than ${max}`, at);
    const key = readH3(s);
    entries.set(key, readH3(s));
  }
  r.pos++;
  s.depth--;
  return map;
}
