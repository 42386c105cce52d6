/**
 * Whether `a[ai, ai + n)` and `b[bi, bi + n)` hold the same bytes. Four bytes per step, their
 * differences OR-ed into one test: the byte-at-a-time loop was the largest single cost of
 * the class-definition and short-string tables (decode/pojo-user, pojo-list-1000).
 */
export function bytesEqual(a: Uint8Array, ai: number, b: Uint8Array, bi: number, n: number): boolean {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d =
      ((a[ai + i] as number) ^ (b[bi + i] as number)) |
      ((a[ai + i + 1] as number) ^ (b[bi + i + 1] as number)) |
      ((a[ai + i + 2] as number) ^ (b[bi + i + 2] as number)) |
      ((a[ai + i + 3] as number) ^ (b[bi + i + 3] as number));
    if (d !== 0) return false;
  }
  for (; i < n; i++) if (a[ai + i] !== b[bi + i]) return false;
  return true;
}
