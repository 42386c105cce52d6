import type { HessianValue } from "./model.js";
import { JavaList } from "./model.js";

export const BIG_INTEGER_CLASS = "java.math.BigInteger";

/**
 * No Java Hessian writer has a BigInteger serializer: the bean serializer writes the JDK's
 * non-transient fields (JDK 8+: `signum`, `mag` as big-endian int32 words in a `[int`, and
 * four lazily filled caches that are 0 in a fresh instance). Field order is the writer's
 * introspection order: Caucho and sofa-hessian keep declaration order, hessian-lite
 * (Dubbo) reverses it. Readers match by name, so either layout reads back everywhere.
 */
const CAUCHO_FIELDS: readonly string[] = Object.freeze([
  "signum",
  "bitCountPlusOne",
  "bitLengthPlusOne",
  "lowestSetBitPlusTwo",
  "firstNonzeroIntNumPlusTwo",
  "mag",
]);
const LITE_FIELDS: readonly string[] = Object.freeze([...CAUCHO_FIELDS].reverse());

/** Which Java writer's field order to reproduce. */
export type BigIntegerLayout = "hessian-lite" | "caucho" | "sofa";

export function bigIntegerFields(
  v: bigint,
  layout: BigIntegerLayout = "hessian-lite",
): [readonly string[], HessianValue[]] {
  const signum = v > 0n ? 1 : v < 0n ? -1 : 0;
  let m = v < 0n ? -v : v;
  const words: number[] = [];
  while (m > 0n) {
    words.unshift(Number(BigInt.asIntN(32, m)));
    m >>= 32n;
  }
  const mag = new JavaList("[int", words);
  return layout === "hessian-lite"
    ? [LITE_FIELDS, [mag, 0, 0, 0, 0, signum]]
    : [CAUCHO_FIELDS, [signum, 0, 0, 0, 0, mag]];
}

/** Reads the value back from a decoded bean; undefined when the fields are not usable. */
export function bigIntegerFromFields(
  fieldNames: readonly string[],
  values: readonly HessianValue[],
): bigint | undefined {
  const si = fieldNames.indexOf("signum");
  const mi = fieldNames.indexOf("mag");
  if (si < 0 || mi < 0) return undefined;
  const signum = values[si];
  const mag = values[mi];
  const words = mag instanceof JavaList ? mag.items : Array.isArray(mag) ? mag : undefined;
  if (typeof signum !== "number" || words === undefined) return undefined;
  let m = 0n;
  for (const w of words) {
    if (typeof w !== "number") return undefined;
    m = (m << 32n) | BigInt(w >>> 0);
  }
  return signum < 0 ? -m : m;
}
