/** Deep equality of lossless-model values, for round-trip properties. */
import { JavaDouble, JavaList, JavaMap, JavaObject } from "../src/model.js";
import { Mismatch } from "./compare-descriptions.js";
import { toHex } from "./describe.js";

export interface ModelEqualsOptions {
  /**
   * Java writers (and so our encoder, for byte-exactness) write the double -0.0 as the
   * one-byte 0.0; with this set, an expected -0 double matches an actual +0 double.
   */
  readonly negativeZeroDoubleBecomesZero?: boolean;
}

/**
 * Deep equality of two values of the lossless model: same JS/Java kinds (int vs long vs
 * double, typed vs untyped lists, map types), numbers by Object.is, strings by UTF-16 units,
 * object fields in order, map entries in order, and the same sharing/cycle structure (an
 * identity pairing of containers). Returns undefined when equal, else the first difference.
 */
export function modelEquals(expected: unknown, actual: unknown, options: ModelEqualsOptions = {}): string | undefined {
  const ab = new Map<object, object>();
  const ba = new Map<object, object>();
  const fail = (path: string, why: string): never => {
    throw new Mismatch(`${path}: ${why}`);
  };
  const num = (e: number, a: number, path: string): void => {
    if (Object.is(e, a)) return;
    if (options.negativeZeroDoubleBecomesZero && Object.is(e, -0) && Object.is(a, 0)) return;
    fail(path, `expected ${String(Object.is(e, -0) ? "-0" : e)}, got ${String(Object.is(a, -0) ? "-0" : a)}`);
  };
  const eq = (e: unknown, a: unknown, path: string): void => {
    if (e === null || typeof e !== "object") {
      if (typeof e !== typeof a) fail(path, `expected ${typeof e}, got ${a === null ? "null" : typeof a}`);
      if (typeof e === "number") num(e, a as number, path);
      else if (e !== a) fail(path, `expected ${String(e)}, got ${String(a)}`);
      return;
    }
    if (a === null || typeof a !== "object") fail(path, `expected an object, got ${String(a)}`);
    const ao = a as object;
    if (e.constructor !== ao.constructor) fail(path, `expected ${e.constructor?.name}, got ${ao.constructor?.name}`);
    if (e instanceof JavaDouble) {
      num(e.value, (a as JavaDouble).value, path);
      return;
    }
    if (e instanceof Date) {
      if (e.getTime() !== (a as Date).getTime())
        fail(path, `expected date ${e.getTime()}, got ${(a as Date).getTime()}`);
      return;
    }
    if (e instanceof Uint8Array) {
      if (toHex(e) !== toHex(a as Uint8Array)) fail(path, "binary differs");
      return;
    }
    const pe = ab.get(e);
    const pa = ba.get(ao);
    if (pe !== undefined || pa !== undefined) {
      if (pe !== ao || pa !== e) fail(path, "sharing/cycle structure differs");
      return;
    }
    ab.set(e, ao);
    ba.set(ao, e);
    if (Array.isArray(e)) {
      const aa = a as unknown[];
      if (e.length !== aa.length) fail(path, `expected ${e.length} items, got ${aa.length}`);
      for (let i = 0; i < e.length; i++) eq(e[i], aa[i], `${path}[${i}]`);
      return;
    }
    if (e instanceof JavaList) {
      const al = a as JavaList;
      if (e.type !== al.type) fail(path, `expected list type ${e.type}, got ${al.type}`);
      if (e.variableLength !== al.variableLength) fail(path, "variableLength differs");
      eq(e.items, al.items, `${path}.items`);
      return;
    }
    if (e instanceof JavaMap) {
      const am = a as JavaMap;
      if (e.type !== am.type) fail(path, `expected map type ${e.type}, got ${am.type}`);
      const ee = [...e.entries];
      const ae = [...am.entries];
      if (ee.length !== ae.length) fail(path, `expected ${ee.length} entries, got ${ae.length}`);
      for (let i = 0; i < ee.length; i++) {
        eq(ee[i]?.[0], ae[i]?.[0], `${path}.key[${i}]`);
        eq(ee[i]?.[1], ae[i]?.[1], `${path}.value[${i}]`);
      }
      return;
    }
    if (e instanceof JavaObject) {
      const ob = a as JavaObject;
      if (e.className !== ob.className) fail(path, `expected class ${e.className}, got ${ob.className}`);
      if (e.fieldNames.join("\0") !== ob.fieldNames.join("\0"))
        fail(path, `expected fields [${e.fieldNames}], got [${ob.fieldNames}]`);
      for (let i = 0; i < e.values.length; i++) eq(e.values[i], ob.values[i], `${path}.${e.fieldNames[i]}`);
      return;
    }
    fail(path, `unexpected value ${Object.prototype.toString.call(e)}`);
  };
  try {
    eq(expected, actual, "$");
    return undefined;
  } catch (error) {
    if (error instanceof Mismatch) return error.message;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
