/** Java long bounds. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const INT32_MIN = -0x8000_0000;
export const INT32_MAX = 0x7fff_ffff;

/** True when `v` is a whole number a Java int can hold. */
export function isInt32(v: number): boolean {
  return (v | 0) === v && !Object.is(v, -0);
}

/** True when `v` is within Java long's range. */
export function isInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

const DECIMAL_INTEGER = /^[+-]?\d+$/;

/**
 * Parses a decimal integer string into a Java long, exactly. Returns undefined when the
 * text is not an integer or does not fit 64 bits, so callers can name their own error.
 */
export function parseInt64(text: string): bigint | undefined {
  if (!DECIMAL_INTEGER.test(text)) return undefined;
  const v = BigInt(text);
  return isInt64(v) ? v : undefined;
}

/** A long as a number when that is exact, otherwise as a bigint. */
export function int64ToSafeNumberOrBigInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Wraps an arbitrary bigint into the signed 64-bit range, as Java's `(long)` cast does. */
export function toInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}
