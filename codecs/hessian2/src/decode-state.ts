import type { DecodeLimits } from "@tribridge/core";
import type { HessianReader } from "./errors.js";
import { COMPILE_BUDGET, type JsShape } from "./js-shapes.js";
import { type HessianValue, JavaDouble } from "./model.js";
import type { ToJsOptions } from "./to-js.js";

/** Bits of `ClassDef.special`: shapes the JS view turns into something other than an object. */
export const SPECIAL_BIG_DECIMAL = 1; // java.math.BigDecimal with one field → its string
export const SPECIAL_NAME_ONLY = 2; // only field `name` (enums) → the name, with `enums: "name"`
export const SPECIAL_BIG_INTEGER = 4; // the BigInteger bean → string or bigint

/**
 * A class definition as read from the stream; `fieldNames` is shared by every instance.
 * What the JS view needs is worked out once here, not per instance (decode/pojo-list-1000).
 */
export class ClassDef {
  readonly className: string;
  readonly fieldNames: readonly string[];
  /** SPECIAL_* bits; 0 for an ordinary class. */
  readonly special: number;
  /** For each field, whether an earlier field has the same name (shadowing: the first one wins); null when none does. */
  readonly shadowed: readonly boolean[] | null;
  /** The class compiled for the JS view: undefined until decided, null for the generic path. */
  jsShape: JsShape | null | undefined = undefined;
  /** JS-view instances read so far, until `jsShape` is decided. */
  jsInstances = 0;
  /** Per field, how its short strings use the string table (see readFieldString); shared by every stream that reads this definition. */
  readonly stringModes: Uint8Array;

  constructor(className: string, fieldNames: readonly string[]) {
    this.className = className;
    this.fieldNames = fieldNames;
    const n = fieldNames.length;
    this.stringModes = new Uint8Array(n);
    let special = 0;
    if (className === "java.math.BigDecimal" && n === 1) special |= SPECIAL_BIG_DECIMAL;
    if (n === 1 && fieldNames[0] === "name") special |= SPECIAL_NAME_ONLY;
    if (className === "java.math.BigInteger") special |= SPECIAL_BIG_INTEGER;
    this.special = special;
    let shadowed: boolean[] | null = null;
    // indexOf for the usual handful of fields; a Set when a hostile definition lists thousands.
    const seen = n > 16 ? new Set<string>() : undefined;
    for (let i = 0; i < n; i++) {
      const name = fieldNames[i] as string;
      const dup = seen === undefined ? fieldNames.indexOf(name) < i : seen.has(name);
      if (dup) {
        shadowed ??= fieldNames.map(() => false);
        shadowed[i] = true;
      } else seen?.add(name);
    }
    this.shadowed = shadowed;
  }
}

/** Maps option of the JS view, resolved once per `readJs`. */
export const JS_MAPS_AUTO = 0;
export const JS_MAPS_MAP = 1;
export const JS_MAPS_OBJECT = 2;
/** Long option of the JS view. */
export const JS_LONG_AUTO = 0;
export const JS_LONG_NUMBER = 1;
export const JS_LONG_BIGINT = 2;
export const JS_LONG_STRING = 3;

/**
 * Everything one stream keeps between values: the three reference tables and the limits.
 * The dialect readers (read-h4.ts, read-h3.ts) are plain functions over this state, so the
 * hot switch touches fields of one monomorphic object.
 */
export class DecodeState {
  r: HessianReader;
  limits: DecodeLimits;
  copyBinary: boolean;
  /**
   * Value-reference slots `[0, refCount)`; entries past the count are left over (overwritten
   * as slots are taken, emptied on release). A count rather than the array's length: a pooled
   * state keeps its arrays between calls, where a fresh array grew its store on the first
   * `push` of every call (~40 ns, twice per decode/pojo-user).
   */
  refs: HessianValue[] = [];
  refCount = 0;
  /** Class definitions `[0, classDefCount)`, as `refs`. */
  classDefs: ClassDef[] = [];
  classDefCount = 0;
  types: string[] = [];
  depth = 0;
  // JS view (read-h4-js.ts): the options as small ints, so the hot switch reads fields, not a bag.
  /** Whether the reference table holds JS-view values (after a direct `readJs`). */
  jsRefs = false;
  jsLong = JS_LONG_AUTO;
  jsMaps = JS_MAPS_AUTO;
  jsBigDecimalString = true;
  jsEnumName = false;
  jsBigInteger = true;
  jsOptions: ToJsOptions | undefined = undefined;
  /** Whether the option fields above hold the defaults (options undefined), set by a readJs of this stream. */
  jsDefaultOptions = false;
  /** Lowest reference slot of an `auto` map still being read (its final form is not known yet). */
  jsPendingLow = 0x7fffffff;
  /** Whether a back reference reached a slot at or above `jsPendingLow`. */
  jsPendingHit = false;
  /** Model reads inside a JS read (BigInteger beans): back references below this slot are JS values... */
  modelFloor = 0;
  /** ...collected here so the conversion to the JS view leaves them as they are. */
  outerJs: unknown[] = [];
  /** Classes this stream may still compile for the JS view (see js-shapes.ts). */
  jsCompileBudget = COMPILE_BUDGET;

  constructor(r: HessianReader, limits: DecodeLimits, copyBinary: boolean) {
    this.r = r;
    this.limits = limits;
    this.copyBinary = copyBinary;
  }

  /**
   * Starts a new stream on a state emptied by `release` (its reader already set to the input),
   * as a new decoder would: the one-shot `decode` calls reuse one state, as building it and
   * its tables cost ~15% of decoding a small RPC body.
   */
  reopen(limits: DecodeLimits, copyBinary: boolean): void {
    this.limits = limits;
    this.copyBinary = copyBinary;
  }

  /** Drops every table entry and option, so an idle pooled state keeps no values alive. */
  release(): void {
    // Small tables are emptied slot by slot and kept; large ones (a big stream, or a hostile
    // one) are dropped, so an idle pooled state holds little. Setting `length` instead is a
    // runtime call that cost ~8% of decode/pojo-user.
    this.refs = emptied(this.refs);
    this.refCount = 0;
    this.classDefs = emptied(this.classDefs);
    this.classDefCount = 0;
    if (this.types.length > 0) this.types = [];
    if (this.outerJs.length > 0) this.outerJs = [];
    this.depth = 0;
    this.jsRefs = false;
    this.jsOptions = undefined;
    this.jsDefaultOptions = false;
    this.jsPendingLow = 0x7fffffff;
    this.jsPendingHit = false;
    this.modelFloor = 0;
    this.jsCompileBudget = COMPILE_BUDGET;
  }

  // The checks below keep their failure (and its message) in a separate cold method: each is
  // then small enough (at most 27 bytes of bytecode) for V8 to inline wherever it is called,
  // outside the inlining budget the big readers exhaust (addRef was a call per object and per
  // list in decode/pojo-list-1000).

  /** Takes a value-reference slot; called when a container starts so self-references resolve. */
  addRef(v: HessianValue): void {
    const n = this.refCount;
    if (n >= this.limits.maxReferences) this.tooManyRefs();
    this.refs[n] = v;
    this.refCount = n + 1;
  }

  private tooManyRefs(): never {
    return this.r.fail("limit-exceeded", `more than ${this.limits.maxReferences} referenceable values`);
  }

  ref(index: number, at: number): HessianValue {
    if (index < 0 || index >= this.refCount) {
      this.r.fail("unknown-ref", `reference ${index} but only ${this.refCount} values so far`, at);
    }
    const v = this.refs[index] as HessianValue;
    if (index < this.modelFloor) this.outerJs.push(v);
    return v;
  }

  enter(at: number): void {
    if (++this.depth > this.limits.maxDepth) this.tooDeep(at);
  }

  private tooDeep(at: number): never {
    return this.r.fail("limit-exceeded", `nesting deeper than ${this.limits.maxDepth}`, at);
  }

  addClassDef(def: ClassDef, at: number): void {
    if (this.classDefCount >= this.limits.maxClassDefinitions) {
      this.r.fail("limit-exceeded", `more than ${this.limits.maxClassDefinitions} class definitions`, at);
    }
    this.classDefs[this.classDefCount++] = def;
  }

  classDef(index: number, at: number): ClassDef {
    if (index < 0 || index >= this.classDefCount) this.noClassDef(index, at);
    return this.classDefs[index] as ClassDef;
  }

  private noClassDef(index: number, at: number): never {
    return this.r.fail("unknown-ref", `class definition ${index} but only ${this.classDefCount} defined`, at);
  }

  addType(type: string, at: number): void {
    if (this.types.length >= this.limits.maxReferences) {
      this.r.fail("limit-exceeded", `more than ${this.limits.maxReferences} type names`, at);
    }
    this.types.push(type);
  }

  type(index: number, at: number): string {
    if (index < 0 || index >= this.types.length) {
      this.r.fail("unknown-ref", `type reference ${index} but only ${this.types.length} types defined`, at);
    }
    return this.types[index] as string;
  }

  /**
   * Validates a length claim before anything is allocated: each element needs at least
   * `minBytes` bytes, so a claim beyond the input fails as truncated, whatever it says.
   */
  checkCount(n: number, minBytes: number, at: number): void {
    // One test on the usual path (a count in range that fits); which failure it is, is worked out apart.
    if (n >= 0 && n <= this.limits.maxCollectionLength && n * minBytes <= this.r.end - this.r.pos) return;
    this.badCount(n, at);
  }

  private badCount(n: number, at: number): never {
    if (n < 0) this.r.fail("malformed", `negative length ${n}`, at);
    if (n > this.limits.maxCollectionLength) {
      this.r.fail("limit-exceeded", `collection of ${n} elements exceeds ${this.limits.maxCollectionLength}`, at);
    }
    return this.r.fail("truncated", `collection of ${n} elements cannot fit in ${this.r.end - this.r.pos} bytes`, at);
  }

  checkString(total: number, at: number): void {
    if (total > this.limits.maxStringLength) this.stringTooLong(total, at);
  }

  private stringTooLong(total: number, at: number): never {
    return this.r.fail("limit-exceeded", `string of ${total} chars exceeds ${this.limits.maxStringLength}`, at);
  }

  checkBinary(total: number, at: number): void {
    if (total > this.limits.maxBinaryLength) {
      this.r.fail("limit-exceeded", `binary of ${total} bytes exceeds ${this.limits.maxBinaryLength}`, at);
    }
  }

  /** One binary chunk: a copy or a view, as configured. */
  bytes(n: number): Uint8Array {
    const view = this.r.bytesView(n);
    return this.copyBinary ? view.slice() : view;
  }
}

/** Tables of up to this many entries are kept by a released state (emptied), larger ones dropped. */
const KEPT_TABLE_MAX = 256;

/** `table` with every entry cleared (no value stays reachable from an idle state), or a new array when it is large. */
function emptied<T>(table: T[]): T[] {
  const n = table.length;
  if (n > KEPT_TABLE_MAX) return [];
  for (let i = 0; i < n; i++) (table as unknown[])[i] = null;
  return table;
}

/** Joins binary chunks into one array (chunked binary always needs a copy). */
export function concatChunks(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

const DOUBLE_ZERO = Object.freeze(new JavaDouble(0));
const DOUBLE_ONE = Object.freeze(new JavaDouble(1));

/** A decoded double in the model's canonical form: integral values wrapped, others plain. */
export function doubleValue(v: number): number | JavaDouble {
  if (Number.isInteger(v)) {
    if (v === 0 && !Object.is(v, -0)) return DOUBLE_ZERO;
    if (v === 1) return DOUBLE_ONE;
    return new JavaDouble(v);
  }
  return v;
}

/** The longs -2048..2047 as bigints, at index value + 2048 (every compact long form is in range). */
export const SMALL_LONGS: bigint[] = [];
for (let i = -2048; i <= 2047; i++) SMALL_LONGS.push(BigInt(i));

/** A long that fits 32 bits as a bigint; the compact forms are common, so they are cached. */
export function smallLong(v: number): bigint {
  return v >= -2048 && v <= 2047 ? (SMALL_LONGS[v + 2048] as bigint) : BigInt(v);
}

/** Java dates beyond ±8.64e15 ms have no JS Date; they become an Invalid Date (documented). */
export function dateFromMs(ms: number): Date {
  return new Date(ms);
}

/**
 * The int64 at `p` as the nearest double, without a BigInt: `hi * 2^32 + lo` rounds once,
 * exactly as `Number(bigint)` does (decode/pojo-list-1000: every Date is an 'J' + int64).
 */
export function int64Number(bytes: Uint8Array, p: number): number {
  return int32At(bytes, p) * 0x1_0000_0000 + (int32At(bytes, p + 4) >>> 0);
}

/**
 * The big-endian int32 at `p`, which the caller has checked is in the input. Small enough
 * to be inlined where the readers have used up the engine's budget for larger calls (the
 * Dates and doubles of thousandths of decode/pojo-list-1000).
 */
export function int32At(bytes: Uint8Array, p: number): number {
  return (
    ((bytes[p] as number) << 24) |
    ((bytes[p + 1] as number) << 16) |
    ((bytes[p + 2] as number) << 8) |
    (bytes[p + 3] as number)
  );
}
