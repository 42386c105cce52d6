import type { HttpError } from "./error-mapping.js";

/**
 * HTTP body conventions for calling Dubbo/SOFA services, chosen per route. None is a
 * standard (apache/dubbo#8655); these are the shapes gateways use today:
 *
 * | envelope | request body | success body | error body |
 * | plain | `[arg, ...]` or `{name: arg}` | the result | `google.rpc.Status` |
 * | higress | same as plain | `{"result": r, "attachment": {...}}` | `{"error": msg, "attachment": {...}}` |
 * | pixiu | `{"types": [...], "values": [...]}` | the result | `{"message": msg}` |
 * | dubbo-generic | `{"method", "parameterTypes", "args"}` ($invoke's three arguments; POJOs carry `class`) | the result, POJOs with `class` | `google.rpc.Status` |
 *
 * The HTTP status of an error is always the mapped one (error-mapping.ts), never 200:
 * answering a failed call with 200 is the Higress behaviour users report as a bug
 * (higress-group/higress#288); `errorStatus: "always-200"` restores it for old clients.
 */
export type EnvelopeKind = "plain" | "higress" | "pixiu" | "dubbo-generic";

export interface EnvelopeRequest {
  /** Argument values: a JSON array, or an object keyed by parameter name (plain/higress only). */
  readonly args: unknown;
  /** Parameter types sent in the body (pixiu, dubbo-generic); otherwise from route configuration. */
  readonly parameterTypes?: readonly string[];
  /** Method named in the body (dubbo-generic). */
  readonly method?: string;
}

export interface EnvelopeResponse {
  readonly status: number;
  readonly body: unknown;
}

export class EnvelopeError extends Error {
  constructor(kind: EnvelopeKind, why: string) {
    super(`${kind} request body: ${why}`);
    this.name = "EnvelopeError";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringArray(kind: EnvelopeKind, v: unknown, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw new EnvelopeError(kind, `${what} must be an array of strings`);
  return v as string[];
}

/** Reads the call out of a parsed JSON request body. An absent body is no arguments. */
export function readEnvelope(kind: EnvelopeKind, body: unknown): EnvelopeRequest {
  switch (kind) {
    case "plain":
    case "higress":
      return { args: body === undefined ? [] : body };
    case "pixiu": {
      if (!isObject(body)) throw new EnvelopeError(kind, "must be an object {types, values}");
      const types = stringArray(kind, body.types ?? [], "types");
      const values = body.values ?? [];
      if (!Array.isArray(values)) throw new EnvelopeError(kind, "values must be an array");
      return { args: values, parameterTypes: types };
    }
    case "dubbo-generic": {
      if (!isObject(body)) throw new EnvelopeError(kind, "must be an object {method, parameterTypes, args}");
      if (typeof body.method !== "string" || body.method === "")
        throw new EnvelopeError(kind, "method must be a string");
      const types = stringArray(kind, body.parameterTypes ?? [], "parameterTypes");
      const args = body.args ?? [];
      if (!Array.isArray(args)) throw new EnvelopeError(kind, "args must be an array");
      return { args, parameterTypes: types, method: body.method };
    }
  }
}

export interface EnvelopeWriteOptions {
  /** Response attachments (Higress puts them in the body). */
  readonly attachments?: Readonly<Record<string, unknown>>;
  /** `mapped` (default): the error's HTTP status; `always-200`: Higress's historical behaviour. */
  readonly errorStatus?: "mapped" | "always-200";
}

/** The success body of a call whose result is already JSON (javaToJson). */
export function writeResult(kind: EnvelopeKind, result: unknown, options: EnvelopeWriteOptions = {}): EnvelopeResponse {
  if (kind === "higress") return { status: 200, body: { result, attachment: { ...options.attachments } } };
  return { status: 200, body: result };
}

/** The error body of a failed call. */
export function writeError(kind: EnvelopeKind, error: HttpError, options: EnvelopeWriteOptions = {}): EnvelopeResponse {
  const status = options.errorStatus === "always-200" ? 200 : error.status;
  switch (kind) {
    case "higress":
      return { status, body: { error: error.body.message ?? "", attachment: { ...options.attachments } } };
    case "pixiu":
      return { status, body: { message: error.body.message ?? "" } };
    default:
      return { status, body: error.body };
  }
}
