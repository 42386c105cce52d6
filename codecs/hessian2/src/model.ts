/**
 * The lossless value model: what the decoder returns by default and what re-encodes to
 * the bytes a Java peer wrote. Plain JS values are used wherever they are unambiguous
 * (int → number, long → bigint, non-integral double → number); wrappers exist only where
 * JS would lose a Java distinction.
 */

/**
 * A Java double whose value is integral (0, -0, 3.0, 1e300...). A plain integral number
 * means int (or long) to the encoder, so a double that happens to be integral needs this
 * wrapper to stay a double. Non-integral doubles (1.5, NaN, Infinity) are plain numbers.
 */
export class JavaDouble {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
  valueOf(): number {
    return this.value;
  }
}

/**
 * A Java float given to the encoder (`java.float`). Floats travel as doubles, so the decoder
 * never returns this; the encoder widens `value` (rounded to float32) the way the target
 * dialect's Java writer does (see docs/hessian2.md, quirks).
 */
export class JavaFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = Math.fround(value);
  }
  valueOf(): number {
    return this.value;
  }
}

/**
 * A typed list or Java array: `type` is the wire type (`[int`, `[string`, `java.util.HashSet`,
 * `[com.example.User`). Untyped lists decode to plain arrays, except the variable-length
 * form ('W' ... 'Z') that only iterator serializers emit: it becomes a JavaList with
 * `type: null` and `variableLength: true` so that it re-encodes to the same bytes.
 */
export class JavaList {
  type: string | null;
  items: HessianValue[];
  /** Written with an end marker ('U'/'W' ... 'Z') instead of a length. */
  variableLength: boolean;
  constructor(type: string | null, items: HessianValue[], variableLength = false) {
    this.type = type;
    this.items = items;
    this.variableLength = variableLength;
  }
  get length(): number {
    return this.items.length;
  }
}

/**
 * A Java map. `type` null is the untyped form ('H' in Hessian 2, 'M' without type in the
 * draft): Java reads it as a HashMap. Keys keep their Java types (1 and 1n are different
 * keys, as Integer 1 and Long 1 are in Java); insertion order is wire order.
 */
export class JavaMap {
  type: string | null;
  readonly entries: Map<HessianValue, HessianValue>;
  constructor(type: string | null = null, entries?: Iterable<readonly [HessianValue, HessianValue]>) {
    this.type = type;
    this.entries = new Map(entries as Iterable<[HessianValue, HessianValue]> | undefined);
  }
  get size(): number {
    return this.entries.size;
  }
  get(key: HessianValue): HessianValue | undefined {
    return this.entries.get(key);
  }
  set(key: HessianValue, value: HessianValue): this {
    this.entries.set(key, value);
    return this;
  }
}

/**
 * An instance of a Java class: field names in class-definition order (a name shadowed by a
 * subclass appears twice, as Java writes both) and one value per field. BigDecimal
 * (`value`), enums (`name`), java.sql.* (`value`), exceptions and every POJO take this form.
 */
export class JavaObject {
  readonly className: string;
  readonly fieldNames: readonly string[];
  readonly values: HessianValue[];
  constructor(className: string, fieldNames: readonly string[], values: HessianValue[]) {
    this.className = className;
    this.fieldNames = fieldNames;
    this.values = values;
  }
  /** The first field of that name (the subclass's, when a field is shadowed), or undefined. */
  get(name: string): HessianValue | undefined {
    const i = this.fieldNames.indexOf(name);
    return i < 0 ? undefined : this.values[i];
  }
  has(name: string): boolean {
    return this.fieldNames.includes(name);
  }
}

/**
 * Which model class a value is, as a number on each class's prototype under a symbol that is
 * not exported from the package. The encoder reads it with one property load, where
 * `Object.getPrototypeOf` on a value of unknown shape is a call into the engine's runtime
 * (~6% of hessian2/encode/pojo-list-1000). Subclasses inherit their class's kind.
 */
export const MODEL_KIND: unique symbol = Symbol("tribridge.hessian2.modelKind");
export const KIND_OBJECT = 1;
export const KIND_MAP = 2;
export const KIND_LIST = 3;
export const KIND_DOUBLE = 4;
export const KIND_FLOAT = 5;
for (const [cls, kind] of [
  [JavaObject, KIND_OBJECT],
  [JavaMap, KIND_MAP],
  [JavaList, KIND_LIST],
  [JavaDouble, KIND_DOUBLE],
  [JavaFloat, KIND_FLOAT],
] as const) {
  Object.defineProperty(cls.prototype, MODEL_KIND, { value: kind });
}

/** Every value the decoder produces (all but JavaFloat) and the encoder accepts losslessly. */
export type HessianValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | JavaDouble
  | JavaFloat
  | JavaList
  | JavaMap
  | JavaObject
  | HessianValue[];

/** The two byte dialects production traffic carries under the name "Hessian 2". */
export type Dialect = "hessian2" | "hessian3";
