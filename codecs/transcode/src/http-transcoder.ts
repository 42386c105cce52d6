import {
  create,
  type DescMethod,
  fromBinary,
  fromJson,
  type JsonObject,
  type JsonValue,
  type Message,
  mergeFromJson,
  toBinary,
  toJson,
} from "@bufbuild/protobuf";
import { decodeUtf8 } from "@tribridge/core";
import { Code, StatusError } from "@tribridge/triple";
import { applyBinding, type FieldBinding, parseQuery, UnknownFieldPathError } from "./field-bindings.js";
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
    const route = this.match(httpMethod, path);
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
          if (b === "*") mergeFromJson(input, message, parsed, ropts);
          else {
            const field = input.fields.find((f) => f.name === b);
            if (field === undefined)
              throw new StatusError(Code.INTERNAL, `body field ${b} is not in ${input.typeName}`);
            mergeFromJson(input, message, { [field.name]: parsed }, ropts);
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

  /** The HTTP body text of a response. */
  response(req: Pick<TranscodedRequest, "method" | "binding">, response: Message | Uint8Array): string {
    return JSON.stringify(this.responseJson(req, response));
  }
}

function parseBody(body: string | Uint8Array | undefined): JsonValue | undefined {
  if (body === undefined) return undefined;
  const text = typeof body === "string" ? body : decodeUtf8(body);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new StatusError(Code.INVALID_ARGUMENT, `body is not JSON: ${(e as Error).message}`);
  }
}
