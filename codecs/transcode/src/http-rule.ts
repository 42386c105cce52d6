import { type PathTemplate, parseTemplate } from "./path-template.js";

/**
 * `google.api.HttpRule` as plain data (the shape protobuf-es and protobufjs give for the
 * message, proto or JSON field names both accepted) and its flattening into bindings: one
 * per pattern, the rule's own plus each of `additional_bindings`.
 */
export interface HttpRuleInit {
  readonly selector?: string;
  readonly get?: string;
  readonly put?: string;
  readonly post?: string;
  readonly delete?: string;
  readonly patch?: string;
  readonly custom?: { readonly kind?: string; readonly path?: string };
  readonly body?: string;
  readonly responseBody?: string;
  readonly response_body?: string;
  readonly additionalBindings?: readonly HttpRuleInit[];
  readonly additional_bindings?: readonly HttpRuleInit[];
  /** protobuf-es form of the `pattern` oneof. */
  readonly pattern?: { readonly case?: string; readonly value?: unknown };
}

/** One HTTP method + path template bound to one RPC method. */
export interface Binding {
  /** Fully-qualified RPC method, `pkg.Service.Method` (also what conflict reports name). */
  readonly rpc: string;
  /** Upper-case HTTP method, or `*` (custom kind `*`: any method). */
  readonly httpMethod: string;
  readonly template: PathTemplate;
  /** `*`, a top-level request field name, or `""` (no body). */
  readonly body: string;
  /** Top-level response field that is the HTTP body, or `""` (the whole message). */
  readonly responseBody: string;
  /** 0 for the rule itself, n for its n-th additional binding. */
  readonly index: number;
}

export class HttpRuleError extends Error {
  constructor(rpc: string, why: string) {
    super(`google.api.http of ${rpc}: ${why}`);
    this.name = "HttpRuleError";
  }
}

const SIMPLE = ["get", "put", "post", "delete", "patch"] as const;

function pattern(rule: HttpRuleInit, rpc: string): [string, string] {
  const found: [string, string][] = [];
  if (rule.pattern?.case !== undefined) {
    const { case: c, value } = rule.pattern;
    if (c === "custom") {
      const v = value as { kind?: string; path?: string };
      found.push([v.kind ?? "", v.path ?? ""]);
    } else if (typeof value === "string") found.push([c.toUpperCase(), value]);
  }
  for (const m of SIMPLE) {
    const p = rule[m];
    if (typeof p === "string" && p !== "") found.push([m.toUpperCase(), p]);
  }
  if (rule.custom !== undefined && (rule.custom.path ?? "") !== "") {
    found.push([rule.custom.kind ?? "", rule.custom.path ?? ""]);
  }
  if (found.length !== 1) throw new HttpRuleError(rpc, found.length === 0 ? "no pattern" : "more than one pattern");
  const [kind, path] = found[0] as [string, string];
  if (kind === "") throw new HttpRuleError(rpc, "custom pattern without kind");
  return [kind === "*" ? "*" : kind.toUpperCase(), path];
}

/**
 * All bindings of one rule. Additional bindings are one level deep only, as http.proto
 * says; a nested one is an error rather than silently ignored.
 */
export function bindingsOf(rpc: string, rule: HttpRuleInit): Binding[] {
  const out: Binding[] = [];
  const one = (r: HttpRuleInit, index: number): void => {
    const [httpMethod, path] = pattern(r, rpc);
    let template: PathTemplate;
    try {
      template = parseTemplate(path);
    } catch (e) {
      throw new HttpRuleError(rpc, (e as Error).message);
    }
    const body = r.body ?? "";
    const responseBody = r.responseBody ?? r.response_body ?? "";
    out.push({ rpc, httpMethod, template, body, responseBody, index });
  };
  one(rule, 0);
  const extra = rule.additionalBindings ?? rule.additional_bindings ?? [];
  extra.forEach((r, i) => {
    if ((r.additionalBindings ?? r.additional_bindings ?? []).length > 0) {
      throw new HttpRuleError(rpc, "additional_bindings may not have their own additional_bindings");
    }
    one(r, i + 1);
  });
  return out;
}

/** `GET /v1/{name=shelves/*}` (+ ` [additional_bindings 2]`): how reports name a binding. */
export function describeBinding(b: Binding): string {
  const extra = b.index === 0 ? "" : ` (additional_bindings[${b.index - 1}])`;
  return `${b.rpc}: ${b.httpMethod} ${b.template.source}${extra}`;
}
