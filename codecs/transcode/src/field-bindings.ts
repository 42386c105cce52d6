import { type DescField, type DescMessage, type JsonObject, type JsonValue, ScalarType } from "@bufbuild/protobuf";
import { Code, StatusError } from "@tribridge/triple";
import { urlUnescape } from "./url-unescape.js";

/**
 * Path variables and query parameters onto request fields. Each binding is a field path
 * (`shelf`, `book.author.name`) and a text value; the result is a JSON object in proto3
 * JSON form that protobuf-es then parses with the rest of the request, so every scalar goes
 * through the same (conformant) parser as a JSON body would.
 *
 * Rules (google/api/http.proto, Envoy's transcoder): a field path may name a field by its
 * proto name or its JSON name; each step but the last must be a singular message field;
 * the last is a scalar, an enum, a well-known type with a string form, or repeated of those
 * (values accumulate, `?a=1&a=2`); maps and repeated messages cannot be bound.
 */

export interface FieldBinding {
  readonly fieldPath: readonly string[];
  readonly value: string;
}

export interface QueryOptions {
  /** `+` in query values means a space (Envoy `query_param_unescape_plus`). Default false. */
  readonly unescapePlus?: boolean;
  /** Skip query parameters that name no field instead of failing (Envoy `ignore_unknown_query_parameters`). */
  readonly ignoreUnknown?: boolean;
  /** Parameter names that are never bound (Envoy `ignored_query_parameters`, e.g. `key`, `access_token`). */
  readonly ignored?: ReadonlySet<string>;
  /** At most this many parameters are read; more is INVALID_ARGUMENT. Default 1000. */
  readonly maxParameters?: number;
}

/**
 * Splits a raw query string the way Envoy does: on `&`; a part without `=` or with an empty
 * name is skipped; the name is not unescaped (field paths are identifiers), the value is.
 */
export function parseQuery(query: string, options: QueryOptions = {}): FieldBinding[] {
  if (query === "") return [];
  const max = options.maxParameters ?? 1000;
  const parts = query.split("&", max + 1);
  if (parts.length > max) throw new StatusError(Code.INVALID_ARGUMENT, `more than ${max} query parameters`);
  const out: FieldBinding[] = [];
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    if (options.ignored?.has(name) === true) continue;
    out.push({
      fieldPath: name.split("."),
      value: urlUnescape(part.slice(eq + 1), "all-characters", options.unescapePlus),
    });
  }
  return out;
}

function findField(message: DescMessage, name: string): DescField | undefined {
  return message.fields.find((f) => f.name === name || f.jsonName === name);
}

// Well-known types whose JSON form is a string or a wrapped scalar: they may be bound from text.
const STRING_WKT = new Set(["google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask"]);

function scalarJson(t: ScalarType, value: string, where: string): JsonValue {
  switch (t) {
    case ScalarType.BOOL:
      if (value === "true") return true;
      if (value === "false") return false;
      throw new StatusError(Code.INVALID_ARGUMENT, `${where}: ${JSON.stringify(value)} is not a bool`);
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return value;
    default:
      // Numbers stay text: proto3 JSON accepts every numeric type as a string, and
      // 64-bit values would lose precision as a JS number.
      return value;
  }
}

function leafJson(field: DescField, value: string, where: string): JsonValue {
  const kind = field.fieldKind === "list" ? field.listKind : field.fieldKind;
  if (kind === "scalar") return scalarJson((field as { scalar: ScalarType }).scalar, value, where);
  if (kind === "enum") return /^-?\d+$/.test(value) ? Number(value) : value;
  if (kind === "message") {
    const m = (field as { message: DescMessage }).message;
    if (STRING_WKT.has(m.typeName)) return value;
    if (m.typeName.startsWith("google.protobuf.") && m.typeName.endsWith("Value") && m.fields.length === 1) {
      const inner = m.fields[0] as DescField;
      if (inner.fieldKind === "scalar") return scalarJson(inner.scalar, value, where);
    }
  }
  throw new StatusError(Code.INVALID_ARGUMENT, `${where} cannot be bound from a path or query parameter`);
}

export class UnknownFieldPathError extends StatusError {
  constructor(path: string) {
    super(Code.INVALID_ARGUMENT, `no field ${JSON.stringify(path)} in the request`);
  }
}

/**
 * Sets each binding into `target` (a proto3 JSON object for `message`). Later bindings of a
 * singular field replace earlier ones; repeated fields accumulate. Unknown paths throw
 * UnknownFieldPathError, which callers may catch to ignore unknown query parameters.
 */
export function applyBinding(target: JsonObject, message: DescMessage, binding: FieldBinding): void {
  let msg = message;
  let obj = target;
  const path = binding.fieldPath;
  const where = path.join(".");
  for (let i = 0; i < path.length; i++) {
    const field = findField(msg, path[i] as string);
    if (field === undefined) throw new UnknownFieldPathError(where);
    const key = field.name;
    if (i === path.length - 1) {
      if (field.fieldKind === "map") throw new StatusError(Code.INVALID_ARGUMENT, `${where} is a map`);
      const v = leafJson(field, binding.value, where);
      if (field.fieldKind === "list") {
        const arr = obj[key];
        if (Array.isArray(arr)) arr.push(v);
        else obj[key] = [v];
      } else obj[key] = v;
      return;
    }
    if (field.fieldKind !== "message") {
      throw new StatusError(Code.INVALID_ARGUMENT, `${where}: ${field.name} is not a singular message field`);
    }
    const next = obj[key];
    if (typeof next === "object" && next !== null && !Array.isArray(next)) obj = next;
    else {
      const fresh: JsonObject = {};
      obj[key] = fresh;
      obj = fresh;
    }
    msg = field.message;
  }
}
