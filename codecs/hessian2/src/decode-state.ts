import type { DecodeLimits } from "@tribridge/core";
import type { HessianReader } from "./errors.js";
import { type HessianValue, JavaDouble } from "./model.js";

/** A class definition as read from the stream; `fieldNames` is shared by every instance. */
export interface ClassDef {
  readonly className: string;
  readonly fieldNames: readonly string[];
}

/**
 * Everything one stream keeps between values: the three reference tables and the limits.
 * The dialect readers (read-h4.ts, read-h3.ts) are plain functions over this state, so the
 * hot switch touches fields of one monomorphic object.
 */
export class DecodeState {
  readonly r: HessianReader;
  readonly limits: DecodeLimits;
  readonly copyBinary: boolean;
  readonly refs: HessianValue[] = [];
  readonly classDefs: ClassDef[] = [];
  readonly types: string[] = [];
  depth = 0;

  constructor(r: HessianReader, limits: DecodeLimits, copyBinary: boolean) {
    this.r = r;
    this.limits = limits;
    this.copyBinary = copyBinary;
  }

  /** Takes a value-reference slot; called when a container starts so self-references resolve. */
  addRef(v: HessianValue): void {
    if (this.refs.length >= this.limits.maxReferences) {
      this.r.fail("limit-exceeded", `more than ${this.limits.maxReferences} referenceable values`);
    }
    this.refs.push(v);
  }

  ref(index: number, at: number): HessianValue {
    if (index < 0 || index >= this.refs.length) {
      this.r.fail("unknown-ref", `reference ${index} but only ${this.refs.length} values so far`, at);
    }
    return this.refs[index] as HessianValue;
  }

  enter(at: number): void {
    if (++this.depth > this.limits.maxDepth) {
      this.r.fail("limit-exceeded", `nesting deeper than ${this.limits.maxDepth}`, at);
    }
  }

  addClassDef(def: ClassDef, at: number): void {
    if (this.classDefs.length >= this.limits.maxClassDefinitions) {
      this.r.fail("limit-exceeded", `more than ${this.limits.maxClassDefinitions} class definitions`, at);
    }
    this.classDefs.push(def);
  }

  classDef(index: number, at: number): ClassDef {
    if (index < 0 || index >= this.classDefs.length) {
      this.r.fail("unknown-ref", `class definition ${index} but only ${this.classDefs.length} defined`, at);
    }
    return this.classDefs[index] as ClassDef;
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
    if (n < 0) this.r.fail("malformed", `negative length ${n}`, at);
    if (n > this.limits.maxCollectionLength) {
      this.r.fail("limit-exceeded", `collection of ${n} elements exceeds ${this.limits.maxCollectionLength}`, at);
    }
    if (n * minBytes > this.r.end - this.r.pos) {
      this.r.fail("truncated", `collection of ${n} elements cannot fit in ${this.r.end - this.r.pos} bytes`, at);
    }
  }

  checkString(total: number, at: number): void {
    if (total > this.limits.maxStringLength) {
      this.r.fail("limit-exceeded", `string of ${total} chars exceeds ${this.limits.maxStringLength}`, at);
    }
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

const SMALL_LONGS: bigint[] = [];
for (let i = -2048; i <= 2047; i++) SMALL_LONGS.push(BigInt(i));

/** A long that fits 32 bits as a bigint; the compact forms are common, so they are cached. */
export function smallLong(v: number): bigint {
  return v >= -2048 && v <= 2047 ? (SMALL_LONGS[v + 2048] as bigint) : BigInt(v);
}

/** Java dates beyond ±8.64e15 ms have no JS Date; they become an Invalid Date (documented). */
export function dateFromMs(ms: number): Date {
  return new Date(ms);
}
