import type { HessianValue } from "./model.js";
import { JavaList } from "./model.js";

export const BIG_INTEGER_CLASS = "java.math.BigInteger";

/**
 * No Java Hessian writer has a BigInteger serializer: the bean serializer writes the JDK's
 * non-transient fields. On JDK 8+ these are `signum`, `mag` (big-endian int32 magnitude
 * words, as `[int`) and four lazily filled caches that are 0 in a fresh instance.
 */
const FIELDS: readonly string[] = Object.freeze([
  "signum",
  "mag",
  "bitCount",
  "bitLength",
  "lowestSetBit",
  "firstNonzeroIntNum",
]);

export function bigIntegerFields(v: bigint): [string[], HessianValue[]] {
  const signum = v > 0n ? 1 : v < 0n ? -1 : 0;
  let m = v < 0n ? -v : v;
  const words: number[] = [];
  while (m > 0n) {
    words.unshift(Number(BigInt.asIntN(32, m)));
    m >>= 32n;
  }
  return [[...FIELDS], [signum, new JavaList("[int", words), 0, 0, 0, 0]];
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
