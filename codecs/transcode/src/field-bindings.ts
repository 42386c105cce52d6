import {
  type DescEnum,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  ScalarType,
} from "@bufbuild/protobuf";
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
 * (values accumulate, `?a=1&a=2`); maps cannot be bound. As in Envoy, a step may also be a
 * repeated message field (all parameters go into its one element: `items.note=x`) or a
 * wrapper's `value`; bools read `true/t/yes/y/1` and `false/f/no/n/0` in any case; integers
 * must be decimal digits; an enum number must be declared.
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

// Text → bool as Envoy's transcoder reads it (protobuf's safe_strtob): these words, any case.
const TRUE_TEXT = new Set(["true", "t", "yes", "y", "1"]);
const FALSE_TEXT = new Set(["false", "f", "no", "n", "0"]);

/** A bool from text as Envoy accepts it in a query, path or (quoted) JSON body value; undefined if not one. */
export function boolFromText(value: string): boolean | undefined {
  const l = value.toLowerCase();
  return TRUE_TEXT.has(l) ? true : FALSE_TEXT.has(l) ? false : undefined;
}

const INTEGER_TYPES = new Set<ScalarType>([
  ScalarType.INT32,
  ScalarType.INT64,
  ScalarType.UINT32,
  ScalarType.UINT64,
  ScalarType.SINT32,
  ScalarType.SINT64,
  ScalarType.FIXED32,
  ScalarType.FIXED64,
  ScalarType.SFIXED32,
  ScalarType.SFIXED64,
]);

/** Integer text as Envoy accepts it (decimal digits, optional sign: no `1.0`, `1e2` or `0x10`). */
export function isIntegerText(t: ScalarType, value: string): boolean {
  return !INTEGER_TYPES.has(t) || /^[+-]?\d+$/.test(value);
}

function scalarJson(t: ScalarType, value: string, where: string): JsonValue {
  switch (t) {
    case ScalarType.BOOL: {
      const b = boolFromText(value);
      if (b === undefined)
        throw new StatusError(Code.INVALID_ARGUMENT, `${where}: ${JSON.stringify(value)} is not a bool`);
      return b;
    }
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return value;
    default:
      if (!isIntegerText(t, value))
        throw new StatusError(Code.INVALID_ARGUMENT, `${where}: ${JSON.stringify(value)} is not an integer`);
      // Numbers stay text: proto3 JSON accepts every numeric type as a string, and
      // 64-bit values would lose precision as a JS number.
      return value;
  }
}

function isWrapper(m: DescMessage): boolean {
  return (
    m.typeName.startsWith("google.protobuf.") &&
    m.typeName.endsWith("Value") &&
    m.fields.length === 1 &&
    m.fields[0]?.fieldKind === "scalar"
  );
}

function leafJson(field: DescField, value: string, where: string): JsonValue {
  const kind = field.fieldKind === "list" ? field.listKind : field.fieldKind;
  if (kind === "scalar") return scalarJson((field as { scalar: ScalarType }).scalar, value, where);
  if (kind === "enum") {
    if (!/^[+-]?\d+$/.test(value)) return value;
    // Envoy takes a number only when the enum declares it (a JSON body may carry any).
    const n = Number(value);
    if (!(field as { enum: DescEnum }).enum.values.some((v) => v.number === n))
      throw new StatusError(Code.INVALID_ARGUMENT, `${where}: ${value} is not a value of the enum`);
    return n;
  }
  if (kind === "message") {
    const m = (field as { message: DescMessage }).message;
    if (STRING_WKT.has(m.typeName)) return value;
    if (isWrapper(m)) {
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
    // `wrapped.value=3`: the wrapper's only field is its JSON form.
    if (field.fieldKind === "message" && i === path.length - 2 && path[i + 1] === "value" && isWrapper(field.message)) {
      obj[key] = leafJson(field, binding.value, where);
      return;
    }
    if (field.fieldKind === "list" && field.listKind === "message") {
      // Envoy binds every `items.x` parameter into one element of a repeated message field.
      const arr = obj[key];
      let first = Array.isArray(arr) ? arr[0] : undefined;
      if (typeof first !== "object" || first === null || Array.isArray(first)) {
        first = {};
        obj[key] = [first];
      }
      obj = first;
      msg = field.message;
      continue;
    }
    if (field.fieldKind !== "message") {
      throw new StatusError(Code.INVALID_ARGUMENT, `${where}: ${field.name} is not a message field`);
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
