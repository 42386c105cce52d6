import { SlabWriter } from "@tribridge/core";
import { classDefBytes, classDefInfo, internFieldNames, sameNames } from "./class-defs.js";
import { encodeErrorOf, HessianEncodeError } from "./errors.js";
import { javaFloatToDouble } from "./float.js";
import { IndexTable } from "./index-table.js";
import { jsViewPrototype } from "./js-shapes.js";
import {
  isContainer,
  isWrapper,
  startsWithTrue,
  toInt,
  unwrap,
  WRAP_CLASS,
  WRAP_DOUBLE,
  WRAP_INT,
  WRAP_LONG,
  wrapperKind,
} from "./js-wrappers.js";
import {
  type Dialect,
  type JavaDouble,
  type JavaFloat,
  JavaList,
  JavaMap,
  JavaObject,
  KIND_DOUBLE,
  KIND_FLOAT,
  KIND_LIST,
  KIND_MAP,
  KIND_OBJECT,
  MODEL_KIND,
} from "./model.js";
import {
  writeBinary,
  writeDate,
  writeDouble,
  writeInt,
  writeLong,
  writeLongNumber,
  writeString,
} from "./write-scalars.js";
import { writeH3ListLength, writeInstanceHeader, writeRef, writeTypeName, writeTypeRef } from "./write-structure.js";

// Read once: `Object.prototype` in a hot function is an inline-cache load per value. Byte
// codes below are literals named in comments (constants.ts), as in write-scalars.ts.
const OBJECT_PROTO: object = Object.prototype;

export interface EncodeOptions {
  /** Byte dialect; default `hessian2`. */
  readonly dialect?: Dialect;
  /** First buffer size in bytes. */
  readonly initialCapacity?: number;
  /** Largest output accepted (default 2^31-1). */
  readonly maxBytes?: number;
  /** Deepest nesting accepted (default 512); cycles are references, so only real depth counts. */
  readonly maxDepth?: number;
}

/**
 * Writes values through one Hessian stream, as one Java `Hessian2Output` does: class
 * definitions, type names and references carry over between `write` calls. `finish()`
 * returns the bytes and starts a new stream. After an error, discard the encoder.
 */
export class HessianEncoder {
  readonly dialect: Dialect;
  private readonly h3: boolean;
  private readonly w: SlabWriter;
  private readonly maxDepth: number;
  private readonly refs = new IndexTable<object>();
  private readonly classes = new IndexTable<string>();
  private readonly types = new IndexTable<string>();
  private depth = 0;
  /** Output length at which a Java writer's 8 KiB buffer was last empty (binary chunking). */
  private javaFlush = 0;
  // The last class written: lists of one POJO class skip the key lookup entirely.
  private lastNames: readonly string[] | null = null;
  private lastClass = "";
  private lastIndex = -1;
  // The same for `{ $class, $ }` instances: the keys of the last one, compared by content.
  private lastWrapNames: readonly string[] | null = null;
  private lastWrapClass = "";
  private lastWrapIndex = -1;

  constructor(options?: EncodeOptions) {
    const dialect = options?.dialect ?? "hessian2";
    if (dialect !== "hessian2" && dialect !== "hessian3") throw new TypeError(`unknown Hessian dialect ${dialect}`);
    this.dialect = dialect;
    this.h3 = dialect === "hessian3";
    this.w = new SlabWriter(dialect, options?.initialCapacity ?? 256, options?.maxBytes);
    this.maxDepth = options?.maxDepth ?? 512;
  }

  /** Bytes written so far in this stream. */
  get length(): number {
    return this.w.length;
  }

  /** Appends one value (plain JS, the typed model, or `{ $class, $ }` wrappers). */
  write(value: unknown): this {
    this.depth = 0;
    try {
      this.value(value);
    } catch (e) {
      throw encodeErrorOf(e, this.dialect, this.w.length);
    }
    return this;
  }

  /** Appends each value, as `write` does for one (a single try for the lot: encode/rpc-args). */
  writeEach(values: Iterable<unknown>): this {
    try {
      if (Array.isArray(values)) {
        for (let i = 0; i < values.length; i++) {
          const v: unknown = values[i];
          this.depth = 0;
          // Strings outside `value`, as in `entry` (service and method names of an RPC body).
          if (typeof v === "string") writeString(this.w, v, this.h3, true);
          else this.value(v);
        }
      } else {
        for (const v of values) {
          this.depth = 0;
          this.value(v);
        }
      }
    } catch (e) {
      throw encodeErrorOf(e, this.dialect, this.w.length);
    }
    return this;
  }

  /**
   * The stream's bytes; the encoder then starts a fresh stream. A small stream was written
   * straight into a shared 8 KiB slab and is returned as a view of it, sharing `.buffer` with
   * other results as pooled Node Buffers do (no writer touches those bytes again); one that
   * outgrew its slab past 1 KiB is a right-sized copy.
   */
  finish(): Uint8Array {
    const out = this.w.finishShared();
    this.reset();
    return out;
  }

  /** Drops written bytes and every table, as a new Hessian2Output would start. */
  reset(): void {
    this.w.reset();
    this.refs.clear();
    this.classes.clear();
    this.types.clear();
    this.javaFlush = 0;
    this.lastNames = null;
    this.lastClass = "";
    this.lastIndex = -1;
    this.lastWrapNames = null;
    this.lastWrapClass = "";
    this.lastWrapIndex = -1;
  }

  private fail(message: string, reason: "unencodable" | "limit-exceeded" = "unencodable"): never {
    throw new HessianEncodeError(message, { protocol: this.dialect, reason, offset: this.w.length });
  }

  private value(v: unknown): void {
    // `typeof v === "..."` tests, not a `switch (typeof v)`: V8 compiles each test inline, but
    // a switch computes the type name through a builtin call per value (encode/rpc-args).
    if (typeof v === "string") writeString(this.w, v, this.h3, true);
    else if (typeof v === "number") {
      // hessian.js rule: int32 → int, other exact integers → long, everything else → double.
      if ((v | 0) === v) writeInt(this.w, v);
      else if (Number.isSafeInteger(v)) writeLongNumber(this.w, v, this.h3);
      else writeDouble(this.w, v, this.h3);
    } else if (typeof v === "object") {
      if (v === null) this.w.u8(0x4e /* BC_NULL */);
      else this.object(v);
    } else if (typeof v === "boolean") this.w.u8(v ? 0x54 /* BC_TRUE */ : 0x46 /* BC_FALSE */);
    else if (typeof v === "bigint") {
      if (!writeLong(this.w, v, this.h3)) this.fail(`${v} does not fit a Java long`);
    } else if (v === undefined) this.w.u8(0x4e /* BC_NULL */);
    else this.fail(`a ${typeof v} has no Hessian form`);
  }

  private object(v: object): void {
    // Arrays, the model's classes and Dates first, without `Object.getPrototypeOf` (a runtime
    // call for a value of unknown shape): arrays by `Array.isArray`, the model by the kind on
    // its prototype, Dates by `instanceof` (encode/rpc-args, pojo-list-1000).
    if (Array.isArray(v)) {
      if (this.ref(v)) return;
      this.enter();
      this.list(null, v, false);
      this.depth--;
      return;
    }
    const kind = (v as { [MODEL_KIND]?: number })[MODEL_KIND];
    if (kind === KIND_OBJECT || kind === KIND_MAP || kind === KIND_LIST) {
      if (this.ref(v)) return;
      this.enter();
      if (kind === KIND_OBJECT) this.javaObject(v as JavaObject);
      else if (kind === KIND_MAP) {
        const map = v as JavaMap;
        this.map(map.type === "" ? null : map.type, map.entries);
      } else {
        const list = v as JavaList;
        this.list(list.type === "" ? null : list.type, list.items, list.variableLength);
      }
      this.depth--;
      return;
    }
    if (kind === KIND_DOUBLE) {
      writeDouble(this.w, (v as JavaDouble).value, this.h3);
      return;
    }
    if (kind === KIND_FLOAT) {
      // hessian-lite/Caucho 4 widen through the shortest decimal; sofa-hessian 3 widens the bits.
      const f = (v as JavaFloat).value;
      writeDouble(this.w, this.h3 ? f : javaFloatToDouble(f), this.h3);
      return;
    }
    if (v instanceof Date) {
      this.date(v);
      return;
    }
    // Plain, null-prototype and JS-view objects (maps, `{ $class, $ }` wrappers).
    const proto = Object.getPrototypeOf(v);
    if (proto === OBJECT_PROTO || proto === null || proto === jsViewPrototype) {
      if (isWrapper(v)) this.wrapper(v);
      else if (!this.ref(v)) {
        this.enter();
        this.plainObject(v as Record<string, unknown>);
        this.depth--;
      }
      return;
    }
    if (v instanceof Uint8Array) {
      const at = writeBinary(this.w, v, this.h3, this.w.length - this.javaFlush);
      if (at >= 0) this.javaFlush = at;
      return;
    }
    if (isWrapper(v)) {
      this.wrapper(v);
      return;
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) this.fail("only Uint8Array is binary; convert other views");
    if (!this.ref(v)) this.container(v);
  }

  private date(v: Date): void {
    const ms = v.getTime();
    if (Number.isNaN(ms)) this.fail("invalid Date");
    writeDate(this.w, ms, this.h3);
  }

  /**
   * A `{ $class, $ }` wrapper. The common ones (int, long and double numbers, instances with
   * an object `$`) are written directly; the rest go through `unwrap` to the model.
   */
  private wrapper(v: { $class: string; $: unknown }): void {
    const cls = v.$class;
    const $ = v.$;
    if ($ !== null && $ !== undefined) {
      switch (wrapperKind(cls)) {
        case WRAP_INT:
          writeInt(this.w, toInt($, cls));
          return;
        case WRAP_LONG:
          if (typeof $ === "number" && Number.isSafeInteger($)) {
            writeLongNumber(this.w, $, this.h3);
            return;
          }
          break;
        case WRAP_DOUBLE:
          if (typeof $ === "number") {
            writeDouble(this.w, $, this.h3);
            return;
          }
          break;
        case WRAP_CLASS:
          if (typeof $ === "object") {
            const proto = Object.getPrototypeOf($);
            if (proto === OBJECT_PROTO || proto === null) {
              if (!this.ref(v)) this.wrappedInstance(cls, $ as Record<string, unknown>);
              return;
            }
          }
          break;
      }
    }
    const inner = unwrap(cls, $);
    if (typeof inner === "object" && inner !== null && isContainer(inner)) {
      // The wrapper's identity is what repeats in the caller's graph.
      if (!this.ref(v)) this.container(inner);
    } else {
      this.value(inner);
    }
  }

  /** An instance given as `{ $class, $: { field: value } }`: fields in key order, as `unwrap` would. */
  private wrappedInstance(cls: string, fields: Record<string, unknown>): void {
    this.enter();
    const keys = Object.keys(fields);
    let index: number;
    if (cls === this.lastWrapClass && sameNames(keys, this.lastWrapNames)) index = this.lastWrapIndex;
    else {
      const names = internFieldNames(keys);
      index = this.classIndex(cls, names);
      this.lastWrapNames = names;
      this.lastWrapClass = cls;
      this.lastWrapIndex = index;
    }
    writeInstanceHeader(this.w, index, this.h3);
    for (let i = 0; i < keys.length; i++) this.field(fields[keys[i] as string]);
    this.depth--;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, "limit-exceeded");
  }

  /** Writes a back reference if `v` was written before; otherwise takes the next slot. */
  private ref(v: object): boolean {
    const index = this.refs.find(v);
    if (index < 0) {
      this.refs.add(v);
      return false;
    }
    writeRef(this.w, index, this.h3);
    return true;
  }

  private container(v: object): void {
    this.enter();
    if (v instanceof JavaObject) this.javaObject(v);
    else if (Array.isArray(v)) this.list(null, v, false);
    else if (v instanceof JavaList) {
      const type = v.type === "" ? null : v.type;
      this.list(type, v.items, v.variableLength);
    } else if (v instanceof JavaMap) this.map(v.type === "" ? null : v.type, v.entries);
    else if (v instanceof Map) this.map(null, v);
    else this.plainObject(v as Record<string, unknown>);
    this.depth--;
  }

  private javaObject(o: JavaObject): void {
    const names = o.fieldNames;
    const values = o.values;
    if (values.length !== names.length) {
      this.fail(`${o.className} has ${names.length} field names but ${values.length} values`);
    }
    let index: number;
    // Objects built one by one (java.object) have equal but distinct name arrays: compare contents.
    if (o.className === this.lastClass && (names === this.lastNames || sameNames(names, this.lastNames))) {
      index = this.lastIndex;
    } else {
      index = this.classIndex(o.className, names);
      this.lastNames = names;
      this.lastClass = o.className;
      this.lastIndex = index;
    }
    writeInstanceHeader(this.w, index, this.h3);
    for (let i = 0; i < values.length; i++) this.field(values[i]);
  }

  /** An object's field value: as `value`, but its strings skip the table of repeated strings. */
  private field(v: unknown): void {
    if (typeof v === "string") writeString(this.w, v, this.h3, false);
    else this.value(v);
  }

  private classIndex(className: string, names: readonly string[]): number {
    if (className === "") this.fail("an object needs a class name");
    const info = classDefInfo(className, names);
    let index = this.classes.find(info.key);
    if (index < 0) {
      index = this.classes.add(info.key);
      let bytes = this.h3 ? info.h3 : info.h4;
      if (bytes === undefined) {
        bytes = classDefBytes(info.key, className, names, this.h3);
        if (this.h3) info.h3 = bytes;
        else info.h4 = bytes;
      }
      this.w.raw(bytes);
    }
    return index;
  }

  /** A type name: a string the first time, then its index (H4), or 't'/0x75 (draft). */
  private type(type: string): void {
    const index = this.types.find(type);
    if (index >= 0) writeTypeRef(this.w, index, this.h3);
    else {
      this.types.add(type);
      writeTypeName(this.w, type, this.h3);
    }
  }

  private list(type: string | null, items: readonly unknown[], variable: boolean): void {
    const w = this.w;
    const n = items.length;
    if (this.h3) {
      const known = type === null ? -1 : this.types.find(type);
      if (known >= 0 && !variable) {
        // Java's draft writer uses the short form once the type is known: no end marker.
        w.u8(0x76 /* H3_LIST_FIXED */);
        writeInt(w, known);
        writeInt(w, n);
        for (let i = 0; i < n; i++) this.value(items[i]);
        return;
      }
      w.u8(0x56 /* H3_LIST */);
      if (type !== null) this.type(type);
      else if (variable && n > 0 && startsWithTrue(items[0])) this.emptyType();
      if (!variable) writeH3ListLength(w, n);
      for (let i = 0; i < n; i++) this.value(items[i]);
      w.u8(0x7a /* H3_END */);
      return;
    }
    if (variable) {
      if (type === null) w.u8(0x57 /* H4_LIST_VARIABLE_UNTYPED */);
      else {
        w.u8(0x55 /* H4_LIST_VARIABLE */);
        this.type(type);
      }
      for (let i = 0; i < n; i++) this.value(items[i]);
      w.u8(0x5a /* H4_END */);
      return;
    }
    if (n <= 7 /* H4_LIST_DIRECT_MAX */) {
      if (type === null) w.u8(0x78 /* H4_LIST_DIRECT_UNTYPED */ + n);
      else {
        w.u8(0x70 /* H4_LIST_DIRECT */ + n);
        this.type(type);
      }
    } else if (type === null) {
      w.u8(0x58 /* H4_LIST_FIXED_UNTYPED */);
      writeInt(w, n);
    } else {
      w.u8(0x56 /* H4_LIST_FIXED */);
      this.type(type);
      writeInt(w, n);
    }
    for (let i = 0; i < n; i++) this.value(items[i]);
  }

  private map(type: string | null, entries: ReadonlyMap<unknown, unknown>): void {
    const w = this.w;
    if (this.h3) {
      w.u8(0x4d /* H3_MAP */);
      if (type !== null) this.type(type);
      else if (entries.size > 0 && startsWithTrue(entries.keys().next().value)) this.emptyType();
    } else if (type === null) w.u8(0x48 /* H4_MAP_UNTYPED */);
    else {
      w.u8(0x4d /* H4_MAP */);
      this.type(type);
    }
    // forEach hands key and value as arguments: `for (const [k, v] of ...)` allocates an entry
    // pair per iteration and an iterator (encode/rpc-args, four attachments, gained ~6%).
    entries.forEach(this.entry, this);
    w.u8(this.h3 ? 0x7a /* H3_END */ : 0x5a /* H4_END */);
  }

  private entry(v: unknown, k: unknown): void {
    // Strings outside `value`, key then value through one call site: inlining `value` left no
    // room to inline the string writer, and with two sites it was inlined into one of them
    // only (string-keyed maps, e.g. RPC attachments; encode/rpc-args).
    let item = k;
    for (let i = 0; i < 2; i++) {
      if (typeof item === "string") writeString(this.w, item, this.h3, true);
      else this.value(item);
      item = v;
    }
  }

  /**
   * In the draft, 'T' after 'M' or a length-less 'V' reads as a type reference, so an untyped
   * container starting with `true` gets an explicit empty type, which Java reads as untyped.
   */
  private emptyType(): void {
    if (this.types.find("") < 0) this.types.add("");
    this.w.u8(0x74 /* H3_TYPE */);
    this.w.u16(0);
  }

  /** A plain object is an untyped map with string keys (hessian.js convention). */
  private plainObject(o: Record<string, unknown>): void {
    const w = this.w;
    w.u8(this.h3 ? 0x4d /* H3_MAP */ : 0x48 /* H4_MAP_UNTYPED */);
    for (const k of Object.keys(o)) {
      writeString(w, k, this.h3, true);
      this.value(o[k]);
    }
    w.u8(this.h3 ? 0x7a /* H3_END */ : 0x5a /* H4_END */);
  }
}
