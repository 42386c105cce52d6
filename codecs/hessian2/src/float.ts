/**
 * Java writers send a float as the double `Double.parseDouble(String.valueOf(f))`
 * (dubbo-hessian-lite PR#12), so 21.32f arrives as 21.32, not 21.31999969482422.
 * `String.valueOf(float)` prints the shortest decimal that reads back as the same float;
 * the shortest `toPrecision` that round-trips through `Math.fround` finds that decimal.
 */
export function javaFloatToDouble(n: number): number {
  const f = Math.fround(n);
  if (!Number.isFinite(f) || f === 0) return f;
  // Outside [1e-3, 1e7) Java prints d.dddE±n with at least one fractional digit, so at
  // least two significant digits: Float.MIN_VALUE prints as 1.4E-45, not 1E-45.
  const a = Math.abs(f);
  for (let p = a < 1e-3 || a >= 1e7 ? 2 : 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}
