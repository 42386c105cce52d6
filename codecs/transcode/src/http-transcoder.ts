import {
  create,
  type DescField,
  type DescMessage,
  type DescMethod,
  fromBinary,
  fromJson,
  type JsonObject,
  type JsonValue,
  type Message,
  mergeFromJson,
  ScalarType,
  toBinary,
  toJson,
} from "@bufbuild/protobuf";
import { decodeUtf8, encodeBase64 } from "@tribridge/core";
import { Code, StatusError } from "@tribridge/triple";
import { type HttpError, httpError, httpErrorFrom } from "./error-mapping.js";
import {
  applyBinding,
  boolFromText,
  type FieldBinding,
  isIntegerText,
  parseQuery,
  UnknownFieldPathError,
} from "./field-bindings.js";
import { type Binding, bindingsOf } from "./http-rule.js";
import { parseTemplate } from "./path-template.js";
import { type ProtoJsonOptions, readOptions, writeOptions } from "./proto-json.js";
import { type RouteMatch, Router, type RouterOptions } from "./router.js";
import type { Schema } from "./schema.js";

/**
 * HTTP/JSON ⇄ gRPC for protobuf services, as Envoy's grpc_json_transcoder does it: the
 * router picks the binding, path variables and query parameters fill fields, the body (all
 * of it, one field, or none) is parsed as proto3 JSON over them, and the response message
 * (or its `response_body` field) is printed as proto3 JSON. Unary calls only.
 */
export interface HttpTranscoderOptions extends RouterOptions {
  readonly json?: ProtoJsonOptions;
  /** Only these services (full names); default every service with annotated methods. */
  readonly services?: readonly string[];
  /** Also route `POST /pkg.Service/Method` with a JSON body for every method (Envoy `auto_mapping`). */
  readonly autoMapping?: boolean;
  /** `+` in query values is a space (Envoy `query_param_unescape_plus`). */
  readonly queryParamUnescapePlus?: boolean;
  /** Drop unknown query parameters (Envoy `ignore_unknown_query_parameters`); otherwise INVALID_ARGUMENT. */
  readonly ignoreUnknownQueryParameters?: boolean;
  /** Query parameters that are never bound (Envoy `ignored_query_parameters`). */
  readonly ignoredQueryParameters?: readonly string[];
}

export interface TranscodedRequest {
  readonly method: DescMethod;
  readonly binding: Binding;
  /** `/pkg.Service/Method`, the gRPC `:path`. */
  readonly grpcPath: string;
  readonly message: Message;
}

export class HttpTranscoder {
  readonly schema: Schema;
  readonly router: Router<DescMethod>;
  private readonly json: ProtoJsonOptions;
  private readonly options: HttpTranscoderOptions;
  private readonly ignored: ReadonlySet<string>;

  constructor(schema: Schema, options: HttpTranscoderOptions = {}) {
    this.schema = schema;
    this.options = options;
    this.json = options.json ?? {};
    this.ignored = new Set(options.ignoredQueryParameters ?? []);
    this.router = new Router<DescMethod>(options);
    const wanted = options.services === undefined ? undefined : new Set(options.services);
    const all: [Binding, DescMethod][] = [];
    for (const file of schema.registry.files) {
      for (const svc of file.services) {
        if (wanted !== undefined && !wanted.has(svc.typeName)) continue;
        for (const m of svc.methods) {
          const rpc = `${svc.typeName}.${m.name}`;
          const rule = schema.httpRules.get(rpc);
          if (rule !== undefined) for (const b of bindingsOf(rpc, rule)) all.push([b, m]);
          if (options.autoMapping === true) {
            const template = parseTemplate(`/${svc.typeName}/${m.name}`);
            all.push([{ rpc, httpMethod: "POST", template, body: "*", responseBody: "", index: -1 }, m]);
          }
        }
      }
    }
    this.router.add(all);
  }

  /** The route of a request, or undefined (Envoy passes such requests through, or answers 404 with `reject_unknown_method`). */
  match(httpMethod: string, path: string): RouteMatch<DescMethod> | undefined {
    return this.router.match(httpMethod, path);
  }

  /**
   * Builds the request message. Throws StatusError NOT_FOUND when no rule matches and
   * INVALID_ARGUMENT for a body or parameter that does not fit the message.
   */
  request(httpMethod: string, path: string, body?: string | Uint8Array): TranscodedRequest {
    let route: RouteMatch<DescMethod> | undefined;
    try {
      route = this.match(httpMethod, path);
    } catch (e) {
      // Path variables whose escapes decode to bytes that are not UTF-8.
      throw new StatusError(Code.INVALID_ARGUMENT, `${path.split("?")[0]}: ${(e as Error).message}`, { cause: e });
    }
    if (route === undefined)
      throw new StatusError(Code.NOT_FOUND, `no rule matches ${httpMethod} ${path.split("?")[0]}`);
    return this.requestFor(route, body);
  }

  requestFor(route: RouteMatch<DescMethod>, body?: string | Uint8Array): TranscodedRequest {
    const method = route.target;
    const input = method.input;
    const bindings: JsonObject = {};
    const params: FieldBinding[] = [
      ...route.variables,
      ...parseQuery(route.query, {
        ...(this.options.queryParamUnescapePlus === undefined
          ? {}
          : { unescapePlus: this.options.queryParamUnescapePlus }),
        ignored: this.ignored,
      }),
    ];
    const pathCount = route.variables.length;
    params.forEach((p, i) => {
      try {
        applyBinding(bindings, input, p);
      } catch (e) {
        // Unknown path variables are a schema error; unknown query parameters may be ignored.
        if (e instanceof UnknownFieldPathError && i >= pathCount && this.options.ignoreUnknownQueryParameters === true)
          return;
        throw e;
      }
    });
    const registry = this.schema.registry;
    const ropts = readOptions(this.json, registry);
    let message: Message;
    try {
      message = fromJson(input, bindings, ropts);
      const b = route.binding.body;
      if (b !== "") {
        const parsed = parseBody(body);
        if (parsed !== undefined) {
          const dropUnknown = this.json.ignoreUnknownFields === undefined;
          if (b === "*") {
            if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
              throw new StatusError(Code.INVALID_ARGUMENT, "body must be a JSON object");
            mergeFromJson(input, message, normalizeMessage(input, parsed, dropUnknown), ropts);
          } else {
            const field = input.fields.find((f) => f.name === b);
            if (field === undefined)
              throw new StatusError(Code.INTERNAL, `body field ${b} is not in ${input.typeName}`);
            const value = normalizeField(field, parsed, dropUnknown);
            if (value !== undefined) mergeFromJson(input, message, { [field.name]: value }, ropts);
          }
        }
      }
    } catch (e) {
      if (e instanceof StatusError) throw e;
      throw new StatusError(Code.INVALID_ARGUMENT, (e as Error).message, { cause: e });
    }
    return { method, binding: route.binding, grpcPath: `/${method.parent.typeName}/${method.name}`, message };
  }

  /** The request as protobuf bytes (the gRPC message, before framing). */
  requestBytes(httpMethod: string, path: string, body?: string | Uint8Array): Uint8Array {
    const r = this.request(httpMethod, path, body);
    return toBinary(r.method.input, r.message);
  }

  /** Response message (or its bytes) to the JSON value of the HTTP body, honouring `response_body`. */
  responseJson(req: Pick<TranscodedRequest, "method" | "binding">, response: Message | Uint8Array): JsonValue {
    const out = req.method.output;
    const msg = response instanceof Uint8Array ? fromBinary(out, response) : response;
    const wopts = writeOptions(this.json, this.schema.registry);
    const json = toJson(out, msg, wopts) as JsonObject;
    const rb = req.binding.responseBody;
    if (rb === "") return json;
    const field = out.fields.find((f) => f.name === rb);
    if (field === undefined) throw new StatusError(Code.INTERNAL, `response_body ${rb} is not in ${out.typeName}`);
    const key = this.json.protoFieldNames === true ? field.name : field.jsonName;
    if (key in json) return json[key] as JsonValue;
    // An unset field still has a JSON form: print it once with defaults on.
    const full = toJson(out, create(out), { ...wopts, alwaysEmitImplicit: true }) as JsonObject;
    return (full[key] as JsonValue | undefined) ?? null;
  }

  /**
   * An error of the call made for a request (or of `request` itself) as the HTTP error to
   * answer with: `httpErrorFrom`, plus the details of a gRPC status printed as JSON `Any`
   * through this schema's registry (Envoy `convert_grpc_status`). A detail of a type the
   * schema does not know is printed as `{"@type", "value": base64}`.
   */
  error(e: unknown, protocol: "dubbo" | "bolt" = "dubbo"): HttpError {
    const mapped = httpErrorFrom(e, protocol);
    if (!(e instanceof StatusError) || e.details.length === 0) return mapped;
    const registry = this.schema.registry;
    const details = e.details.map((d) => {
      const name = d.typeUrl.slice(d.typeUrl.lastIndexOf("/") + 1);
      const desc = registry.getMessage(name);
      if (desc === undefined) return { "@type": d.typeUrl, value: encodeBase64(d.value) };
      const json = toJson(desc, fromBinary(desc, d.value), writeOptions(this.json, registry));
      return { "@type": d.typeUrl, ...(isObject(json) ? json : { value: json }) };
    });
    return httpError(mapped.code, mapped.body.message ?? "", details);
  }

  /** The HTTP body text of a response. */
  response(req: Pick<TranscodedRequest, "method" | "binding">, response: Message | Uint8Array): string {
    return JSON.stringify(this.responseJson(req, response));
  }
}

function parseBody(body: string | Uint8Array | undefined): JsonValue | undefined {
  if (body === undefined) return undefined;
  const text = typeof body === "string" ? body : decodeUtf8(body);
  // Only an empty body is no body; whitespace alone is not JSON (Envoy: 400).
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new StatusError(Code.INVALID_ARGUMENT, `body is not JSON: ${(e as Error).message}`);
  }
}

/**
 * A request body as Envoy's transcoder reads it, brought to strict proto3 JSON for protobuf-es:
 * `null` leaves a field as it was (path and query bindings survive; a null map value is the
 * value type's default), keys naming no field are dropped (unless `dropUnknown` is false),
 * a single value for a repeated field is a one-element list, and a quoted bool may be any of
 * `true/t/yes/y/1`, `false/f/no/n/0`. Integer strings must be decimal digits (`"1e2"` is refused).
 */
function normalizeMessage(desc: DescMessage, json: JsonObject, dropUnknown: boolean): JsonObject {
  if (desc.typeName.startsWith("google.protobuf.")) return json; // well-known types have JSON forms of their own
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.name === k || f.jsonName === k);
    if (field === undefined) {
      if (!dropUnknown) out[k] = v as JsonValue;
      continue;
    }
    const n = normalizeField(field, v as JsonValue, dropUnknown);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

function normalizeField(field: DescField, v: JsonValue, dropUnknown: boolean): JsonValue | undefined {
  if (v === null) {
    const nullable = field.fieldKind === "message" && field.message.typeName === "google.protobuf.Value";
    return nullable ? v : undefined;
  }
  switch (field.fieldKind) {
    case "scalar":
      return normalizeScalar(field.scalar, v, field.name);
    case "enum":
      return v;
    case "message":
      return isObject(v) ? normalizeMessage(field.message, v, dropUnknown) : v;
    case "list": {
      const items = Array.isArray(v) ? v : [v];
      if (field.listKind === "scalar") return items.map((x) => normalizeScalar(field.scalar, x, field.name));
      if (field.listKind === "message")
        return items.map((x) => (isObject(x) ? normalizeMessage(field.message, x, dropUnknown) : x));
      return items;
    }
    case "map": {
      if (!isObject(v)) return v;
      const out: JsonObject = {};
      for (const [k, x] of Object.entries(v)) {
        if (field.mapKind === "scalar")
          out[k] = x === null ? scalarDefault(field.scalar) : normalizeScalar(field.scalar, x, field.name);
        else if (field.mapKind === "enum") out[k] = x === null ? 0 : (x as JsonValue);
        else
          out[k] = x === null ? {} : isObject(x) ? normalizeMessage(field.message, x, dropUnknown) : (x as JsonValue);
      }
      return out;
    }
  }
}

function normalizeScalar(t: ScalarType, v: JsonValue, where: string): JsonValue {
  if (typeof v !== "string") return v;
  if (t === ScalarType.BOOL) return boolFromText(v) ?? v;
  if (!isIntegerText(t, v))
    throw new StatusError(Code.INVALID_ARGUMENT, `${where}: ${JSON.stringify(v)} is not an integer`);
  return v;
}

function scalarDefault(t: ScalarType): JsonValue {
  if (t === ScalarType.BOOL) return false;
  if (t === ScalarType.STRING || t === ScalarType.BYTES) return "";
  return 0;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
