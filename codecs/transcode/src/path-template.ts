/**
 * google.api.http path templates (google/api/http.proto):
 *
 *   Template = "/" Segments [ Verb ] ;
 *   Segments = Segment { "/" Segment } ;
 *   Segment  = "*" | "**" | LITERAL | Variable ;
 *   Variable = "{" FieldPath [ "=" Segments ] "}" ;
 *   FieldPath = IDENT { "." IDENT } ;
 *   Verb     = ":" LITERAL ;
 *
 * A template compiles to a flat list of segment matchers plus the variables that cover
 * ranges of them, which is what the router's trie is built from. `{var}` is `{var=*}`.
 */

/** One segment of a compiled template: a literal, `*` (exactly one segment) or `**` (zero or more). */
export type Segment =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "*" }
  | { readonly kind: "**" };

export interface TemplateVariable {
  /** Field path, split at dots (`book.name` → `["book", "name"]`). */
  readonly fieldPath: readonly string[];
  /** Index of the first segment the variable covers. */
  readonly start: number;
  /** Index after the last segment it covers; `-1` when it ends with `**` (runs to the path's end). */
  readonly end: number;
}

export interface PathTemplate {
  /** The template text as written. */
  readonly source: string;
  readonly segments: readonly Segment[];
  readonly variables: readonly TemplateVariable[];
  /** Custom verb after the last `:` (`/v1/books:search` → `search`), or undefined. */
  readonly verb: string | undefined;
}

export class TemplateSyntaxError extends Error {
  constructor(template: string, at: number, why: string) {
    super(`path template ${JSON.stringify(template)} at ${at}: ${why}`);
    this.name = "TemplateSyntaxError";
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses and validates a template. Rules enforced (all from http.proto): it starts with `/`;
 * `**` is the last segment (only the verb may follow); variables do not nest, do not repeat
 * a field and do not capture the leading `/`.
 */
export function parseTemplate(source: string): PathTemplate {
  if (!source.startsWith("/")) throw new TemplateSyntaxError(source, 0, "must start with '/'");
  let body = source.slice(1);
  let verb: string | undefined;
  // The verb is the text after the last ':' outside braces (a variable's own text may not hold ':').
  const colon = lastColonOutsideBraces(body);
  if (colon >= 0) {
    verb = body.slice(colon + 1);
    body = body.slice(0, colon);
    if (verb === "" || verb.includes("/")) throw new TemplateSyntaxError(source, colon + 1, "bad verb");
  }
  const segments: Segment[] = [];
  const variables: TemplateVariable[] = [];
  const seen = new Set<string>();
  let i = 0;
  // `/` alone is the root template: zero segments.
  if (body !== "") {
    // Bounded: each iteration consumes at least one character of `body`.
    while (i <= body.length) {
      if (body[i] === "{") {
        const close = body.indexOf("}", i);
        if (close < 0) throw new TemplateSyntaxError(source, i + 1, "unclosed '{'");
        const inner = body.slice(i + 1, close);
        if (inner.includes("{")) throw new TemplateSyntaxError(source, i + 1, "variables may not nest");
        const eq = inner.indexOf("=");
        const path = eq < 0 ? inner : inner.slice(0, eq);
        const fieldPath = path.split(".");
        if (!fieldPath.every((p) => IDENT.test(p)))
          throw new TemplateSyntaxError(source, i + 1, `bad field path ${path}`);
        if (seen.has(path)) throw new TemplateSyntaxError(source, i + 1, `field ${path} bound twice`);
        seen.add(path);
        const start = segments.length;
        const sub = eq < 0 ? ["*"] : inner.slice(eq + 1).split("/");
        for (const s of sub) segments.push(segmentOf(source, s, i));
        const endsWithDoubleStar = segments[segments.length - 1]?.kind === "**";
        variables.push({ fieldPath, start, end: endsWithDoubleStar ? -1 : segments.length });
        i = close + 1;
      } else {
        let end = body.indexOf("/", i);
        if (end < 0) end = body.length;
        segments.push(segmentOf(source, body.slice(i, end), i));
        i = end;
      }
      if (i >= body.length) break;
      if (body[i] !== "/") throw new TemplateSyntaxError(source, i + 1, "expected '/' after a variable");
      i++;
      if (i === body.length) throw new TemplateSyntaxError(source, i + 1, "empty segment at the end");
    }
  }
  const dd = segments.findIndex((s) => s.kind === "**");
  if (dd >= 0 && dd !== segments.length - 1) throw new TemplateSyntaxError(source, 0, "'**' must be the last segment");
  return { source, segments, variables, verb };
}

function segmentOf(source: string, text: string, at: number): Segment {
  if (text === "*" || text === "**") return { kind: text };
  if (text === "") throw new TemplateSyntaxError(source, at + 1, "empty segment");
  if (/[{}*=]/.test(text)) throw new TemplateSyntaxError(source, at + 1, `bad literal ${JSON.stringify(text)}`);
  return { kind: "literal", value: text };
}

function lastColonOutsideBraces(body: string): number {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === ":" && depth === 0) last = i;
  }
  return last;
}

/**
 * The structural key of a template: literals as themselves, `*` and every single-segment
 * variable as `*`, `**` as `**`, plus the verb. Two templates with the same key (and HTTP
 * method) can never be told apart by a request: the router reports them as a conflict.
 */
export function templateKey(t: PathTemplate): string {
  const parts = t.segments.map((s) => (s.kind === "literal" ? `=${s.value}` : s.kind));
  return `/${parts.join("/")}${t.verb === undefined ? "" : `:${t.verb}`}`;
}
