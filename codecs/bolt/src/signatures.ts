/**
 * SOFARPC names parameter types the way `Class.getName()` does (`int`, `java.lang.String`,
 * `[I`, `[Ljava.lang.String;`); tribridge's invocation model uses Java source names
 * (`int[]`, `java.lang.String[]`). The server also accepts canonical names, as SOFARPC does.
 */

const PRIM_CODES: ReadonlyMap<string, string> = new Map([
  ["boolean", "Z"],
  ["byte", "B"],
  ["char", "C"],
  ["short", "S"],
  ["int", "I"],
  ["long", "J"],
  ["float", "F"],
  ["double", "D"],
  ["void", "V"],
]);
const PRIM_NAMES: ReadonlyMap<string, string> = new Map([...PRIM_CODES].map(([n, c]) => [c, n]));

/** `int[]` → `[I`, `java.lang.String[][]` → `[[Ljava.lang.String;`, others unchanged. */
export function typeToSig(type: string): string {
  if (!type.endsWith("[]")) return type;
  let dims = 0;
  let base = type;
  while (base.endsWith("[]")) {
    base = base.slice(0, -2);
    dims++;
  }
  return "[".repeat(dims) + (PRIM_CODES.get(base) ?? `L${base};`);
}

/** `[I` → `int[]`, `[Ljava.lang.String;` → `java.lang.String[]`; other names unchanged. */
export function sigToType(sig: string): string {
  if (!sig.startsWith("[")) return sig;
  let dims = 0;
  while (sig[dims] === "[") dims++;
  const rest = sig.slice(dims);
  const base =
    rest.length === 1
      ? PRIM_NAMES.get(rest)
      : rest.startsWith("L") && rest.endsWith(";")
        ? rest.slice(1, -1)
        : undefined;
  return base === undefined ? sig : base + "[]".repeat(dims);
}
