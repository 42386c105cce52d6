/**
 * Declared Java types as written in configuration: source names with generics and arrays
 * (`java.util.Map<java.lang.Integer, com.example.User>`, `int[]`, `List<String>[]`), JVM
 * array names (`[I`, `[Ljava.lang.String;`) and a few unqualified `java.lang`/`java.util`
 * names for convenience (`String`, `Long`, `List`, `Map`, `BigDecimal`). The erasure is what
 * travels as the parameter type; the arguments steer the conversion of elements.
 */
export interface JavaType {
  /** Erased class or primitive name, fully qualified (`java.util.List`, `int`). */
  readonly name: string;
  readonly args: readonly JavaType[];
  /** Array dimensions (`int[][]` → 2). */
  readonly dims: number;
}

export class JavaTypeError extends Error {
  constructor(text: string, why: string) {
    super(`Java type ${JSON.stringify(text)}: ${why}`);
    this.name = "JavaTypeError";
  }
}

const SHORT: ReadonlyMap<string, string> = new Map([
  ...["String", "Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean", "Character", "Object", "Number"].map(
    (n) => [n, `java.lang.${n}`],
  ),
  ...[
    "List",
    "ArrayList",
    "LinkedList",
    "Collection",
    "Set",
    "HashSet",
    "LinkedHashSet",
    "TreeSet",
    "Map",
    "HashMap",
  ].map((n) => [n, `java.util.${n}`]),
  ...["LinkedHashMap", "TreeMap", "Date"].map((n) => [n, `java.util.${n}`]),
  ["BigDecimal", "java.math.BigDecimal"],
  ["BigInteger", "java.math.BigInteger"],
] as [string, string][]);

const JVM_PRIMS: ReadonlyMap<string, string> = new Map([
  ["Z", "boolean"],
  ["B", "byte"],
  ["C", "char"],
  ["D", "double"],
  ["F", "float"],
  ["I", "int"],
  ["J", "long"],
  ["S", "short"],
]);

export const OBJECT: JavaType = Object.freeze({ name: "java.lang.Object", args: [], dims: 0 });

const cache = new Map<string, JavaType>();

/** Parses (and caches) a declared type. */
export function parseJavaType(text: string): JavaType {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const t = parseUncached(text);
  if (cache.size < 10_000) cache.set(text, t);
  return t;
}

function parseUncached(text: string): JavaType {
  const s = text.trim();
  if (s.startsWith("[")) {
    // JVM array name, as Class.getName() prints it.
    let dims = 0;
    while (s[dims] === "[") dims++;
    const rest = s.slice(dims);
    const prim = JVM_PRIMS.get(rest);
    if (prim !== undefined) return { name: prim, args: [], dims };
    if (rest.startsWith("L") && rest.endsWith(";")) return { name: rest.slice(1, -1), args: [], dims };
    throw new JavaTypeError(text, "bad JVM array name");
  }
  let pos = 0;
  const parse = (depth: number): JavaType => {
    if (depth > 32) throw new JavaTypeError(text, "nested too deeply");
    while (s[pos] === " ") pos++;
    const start = pos;
    while (pos < s.length && /[\w.$?]/.test(s[pos] as string)) pos++;
    let name = s.slice(start, pos);
    if (name === "") throw new JavaTypeError(text, `type name expected at ${pos}`);
    // `?`, `? extends X`: the bound (or Object) is what a value can be.
    if (name === "?") {
      while (s[pos] === " ") pos++;
      if (s.startsWith("extends", pos)) {
        pos += 7;
        return parse(depth + 1);
      }
      if (s.startsWith("super", pos)) {
        pos += 5;
        parse(depth + 1);
      }
      return OBJECT;
    }
    name = SHORT.get(name) ?? name;
    const args: JavaType[] = [];
    while (s[pos] === " ") pos++;
    if (s[pos] === "<") {
      pos++;
      for (;;) {
        args.push(parse(depth + 1));
        while (s[pos] === " ") pos++;
        if (s[pos] === ",") pos++;
        else if (s[pos] === ">") {
          pos++;
          break;
        } else throw new JavaTypeError(text, `',' or '>' expected at ${pos}`);
      }
    }
    let dims = 0;
    while (s.startsWith("[]", pos) || s[pos] === " ") {
      if (s[pos] === " ") pos++;
      else {
        dims++;
        pos += 2;
      }
    }
    return { name, args, dims };
  };
  const t = parse(0);
  if (pos !== s.length) throw new JavaTypeError(text, `unexpected ${JSON.stringify(s.slice(pos))}`);
  return t;
}

/** The erased source name that travels as the parameter type (`java.util.Map`, `int[]`). */
export function erasure(t: JavaType): string {
  return t.name + "[]".repeat(t.dims);
}

/** The element type of an array type. */
export function componentOf(t: JavaType): JavaType {
  return { name: t.name, args: t.args, dims: t.dims - 1 };
}

/** Type argument `i`, or Object for raw types. */
export function typeArg(t: JavaType, i: number): JavaType {
  return t.args[i] ?? OBJECT;
}
