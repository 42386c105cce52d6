import { type Binding, describeBinding } from "./http-rule.js";
import { templateKey } from "./path-template.js";
import { type UrlUnescapeSpec, urlUnescape } from "./url-unescape.js";

/**
 * The router: every binding of a set of services compiled into one trie of path segments.
 * A lookup walks the request's segments once, preferring a literal child, then `*`, then
 * `**` (the order of Envoy's path matcher), and backtracks only where a literal branch
 * dead-ends, so the cost follows the path's length, not the number of rules.
 *
 * Conflicts (two bindings no request can tell apart: same HTTP method, same literals and
 * wildcards, same verb) are found while building and reported naming both bindings.
 */

export interface PathVariable {
  readonly fieldPath: readonly string[];
  readonly value: string;
}

export interface RouteMatch<T> {
  readonly binding: Binding;
  readonly target: T;
  /** Path variables, unescaped as Envoy does (see url-unescape.ts). */
  readonly variables: readonly PathVariable[];
  /** The raw query string (after `?`, without `#fragment`), `""` when absent. */
  readonly query: string;
}

export interface RouteConflict {
  readonly first: Binding;
  readonly second: Binding;
  readonly message: string;
}

export class RouteConflictError extends Error {
  readonly conflicts: readonly RouteConflict[];
  constructor(conflicts: readonly RouteConflict[]) {
    super(`conflicting HTTP rules:\n${conflicts.map((c) => `  ${c.message}`).join("\n")}`);
    this.name = "RouteConflictError";
    this.conflicts = conflicts;
  }
}

export interface RouterOptions {
  /** Unescaping of multi-segment variables (Envoy `url_unescape_spec`); default all-characters-except-reserved. */
  readonly urlUnescapeSpec?: UrlUnescapeSpec;
  /** Treat `:x` after the last `/` as a verb even when no rule declares it (Envoy `match_unregistered_custom_verb`). */
  readonly matchUnregisteredCustomVerb?: boolean;
  /** `throw` (default): building fails on the first conflicts found, all listed; `first-wins`: keep the earlier binding and list the conflict in `router.conflicts`. */
  readonly onConflict?: "throw" | "first-wins";
  /** Longest path, in segments, that a lookup will walk (bounds the backtracking). Default 128. */
  readonly maxSegments?: number;
}

class Node<T> {
  literals: Map<string, Node<T>> | undefined;
  star: Node<T> | undefined;
  doubleStar: Node<T> | undefined;
  /** Keyed by `METHOD` + `:verb` (empty verb: `METHOD:`). */
  results: Map<string, [Binding, T]> | undefined;
}

function resultKey(method: string, verb: string | undefined): string {
  return `${method}:${verb ?? ""}`;
}

export class Router<T> {
  private readonly root = new Node<T>();
  private readonly verbs = new Set<string>();
  private readonly byKey = new Map<string, Binding>();
  private readonly spec: UrlUnescapeSpec;
  private readonly anyVerb: boolean;
  private readonly maxSegments: number;
  private readonly onConflict: "throw" | "first-wins";
  private pending: RouteConflict[] = [];
  readonly conflicts: RouteConflict[] = [];
  private count = 0;

  constructor(options: RouterOptions = {}) {
    this.spec = options.urlUnescapeSpec ?? "all-characters-except-reserved";
    this.anyVerb = options.matchUnregisteredCustomVerb ?? false;
    this.maxSegments = options.maxSegments ?? 128;
    this.onConflict = options.onConflict ?? "throw";
  }

  get size(): number {
    return this.count;
  }

  /** Adds bindings; with `onConflict: "throw"` a conflict among them or with earlier ones throws (all listed). */
  add(bindings: Iterable<readonly [Binding, T]>): this {
    for (const [b, t] of bindings) this.insert(b, t);
    const found = this.pending;
    this.pending = [];
    this.conflicts.push(...found);
    if (found.length > 0 && this.onConflict === "throw") throw new RouteConflictError(found);
    return this;
  }

  private insert(binding: Binding, target: T): void {
    const key = `${binding.httpMethod} ${templateKey(binding.template)}`;
    const earlier = this.byKey.get(key);
    if (earlier !== undefined) {
      this.pending.push({
        first: earlier,
        second: binding,
        message: `${describeBinding(binding)} conflicts with ${describeBinding(earlier)}`,
      });
      return;
    }
    this.byKey.set(key, binding);
    let node = this.root;
    for (const s of binding.template.segments) {
      if (s.kind === "literal") {
        node.literals ??= new Map();
        let next = node.literals.get(s.value);
        if (next === undefined) {
          next = new Node<T>();
          node.literals.set(s.value, next);
        }
        node = next;
      } else if (s.kind === "*") {
        node.star ??= new Node<T>();
        node = node.star;
      } else {
        node.doubleStar ??= new Node<T>();
        node = node.doubleStar;
      }
    }
    const verb = binding.template.verb;
    if (verb !== undefined) this.verbs.add(verb);
    node.results ??= new Map();
    node.results.set(resultKey(binding.httpMethod, verb), [binding, target]);
    this.count++;
  }

  /**
   * Finds the binding for a request. `path` is the request target as received (`/v1/a%2Fb?x=1`);
   * literal segments match the raw (still escaped) text, as in Envoy.
   */
  match(httpMethod: string, path: string): RouteMatch<T> | undefined {
    let end = path.length;
    const hash = path.indexOf("#");
    if (hash >= 0) end = hash;
    const q = path.indexOf("?");
    const query = q >= 0 && q < end ? path.slice(q + 1, end) : "";
    let p = q >= 0 && q < end ? path.slice(0, q) : path.slice(0, end);
    let verb: string | undefined;
    const colon = p.lastIndexOf(":");
    if (colon >= 0 && colon > p.lastIndexOf("/")) {
      const v = p.slice(colon + 1);
      if (this.anyVerb || this.verbs.has(v)) {
        verb = v;
        p = p.slice(0, colon);
      }
    }
    const parts = p.length > 0 ? p.slice(1).split("/", this.maxSegments + 1) : [];
    if (parts.length > this.maxSegments) return undefined;
    // Trailing empty segments are dropped (`/v1/books/` is `/v1/books`), as Envoy does.
    while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
    const method = httpMethod.toUpperCase();
    const found = lookup(this.root, parts, 0, method, verb);
    if (found === undefined) return undefined;
    const [binding, target] = found;
    return { binding, target, variables: this.extract(binding, parts), query };
  }

  private extract(binding: Binding, parts: readonly string[]): PathVariable[] {
    const out: PathVariable[] = [];
    for (const v of binding.template.variables) {
      const end = v.end >= 0 ? v.end : parts.length;
      const multi = end - v.start > 1 || v.end < 0;
      const spec: UrlUnescapeSpec = multi ? this.spec : "all-characters";
      const pieces: string[] = [];
      for (let i = v.start; i < end; i++) pieces.push(urlUnescape(parts[i] as string, spec));
      out.push({ fieldPath: v.fieldPath, value: pieces.join("/") });
    }
    return out;
  }
}

function resultAt<T>(node: Node<T>, method: string, verb: string | undefined): [Binding, T] | undefined {
  const r = node.results;
  if (r === undefined) return undefined;
  return r.get(resultKey(method, verb)) ?? r.get(resultKey("*", verb));
}

// Depth is bounded by parts.length (≤ maxSegments); each level tries at most three children.
function lookup<T>(
  node: Node<T>,
  parts: readonly string[],
  i: number,
  method: string,
  verb: string | undefined,
): [Binding, T] | undefined {
  if (i === parts.length) {
    const here = resultAt(node, method, verb);
    if (here !== undefined) return here;
    // `**` also matches zero segments.
    return node.doubleStar === undefined ? undefined : resultAt(node.doubleStar, method, verb);
  }
  const lit = node.literals?.get(parts[i] as string);
  if (lit !== undefined) {
    const r = lookup(lit, parts, i + 1, method, verb);
    if (r !== undefined) return r;
  }
  if (node.star !== undefined) {
    const r = lookup(node.star, parts, i + 1, method, verb);
    if (r !== undefined) return r;
  }
  // `**` is always last, so it takes every remaining segment.
  return node.doubleStar === undefined ? undefined : resultAt(node.doubleStar, method, verb);
}
