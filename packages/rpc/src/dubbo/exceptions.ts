import { type HessianValue, JavaList, JavaMap, JavaObject } from "@tribridge/hessian2";
import { RemoteError } from "../errors.js";

/**
 * Java exceptions both ways. Java serializes a Throwable as an ordinary bean of its
 * concrete class (detailMessage, cause, stackTrace, suppressedExceptions, subclass fields),
 * and a Java consumer insists on a Throwable in that position ("expect Throwable").
 */

const THROWABLE_FIELDS = new Set(["detailMessage", "cause", "stackTrace", "suppressedExceptions"]);

/** A received Throwable (decoded bean) as a RemoteError. */
export function remoteErrorFrom(exception: HessianValue): RemoteError {
  if (exception instanceof JavaObject) {
    const message = exception.get("detailMessage");
    const fields: Record<string, unknown> = {};
    exception.fieldNames.forEach((name, i) => {
      if (!THROWABLE_FIELDS.has(name) && !(name in fields)) fields[name] = exception.values[i];
    });
    return new RemoteError(exception.className, typeof message === "string" ? message : null, fields, exception);
  }
  if (exception instanceof JavaMap) {
    // Generic callers and unknown classes: a map with an optional "class" key.
    const cls = exception.get("class");
    const msg = exception.get("message") ?? exception.get("detailMessage");
    return new RemoteError(
      typeof cls === "string" ? cls : "java.lang.RuntimeException",
      typeof msg === "string" ? msg : null,
      {},
      exception,
    );
  }
  return new RemoteError("java.lang.RuntimeException", String(exception), {}, exception);
}

/**
 * The Throwable bean for an error thrown by a handler: a RemoteError keeps its Java class
 * and fields; any other error becomes java.lang.RuntimeException with its message (the
 * JS stack stays here: it would only leak server internals).
 */
export function throwableFrom(error: unknown): JavaObject {
  if (error instanceof RemoteError && error.exception instanceof JavaObject) return error.exception;
  const javaClass = error instanceof RemoteError ? error.javaClass : "java.lang.RuntimeException";
  const message =
    error instanceof RemoteError ? error.remoteMessage : error instanceof Error ? error.message : String(error);
  const names = ["detailMessage", "cause", "stackTrace", "suppressedExceptions"];
  const values: HessianValue[] = [message, null, new JavaList("[java.lang.StackTraceElement", []), []];
  if (error instanceof RemoteError) {
    for (const [k, v] of Object.entries(error.fields)) {
      names.push(k);
      values.push(v as HessianValue);
    }
  }
  return new JavaObject(javaClass, names, values);
}

/** Classes that travel as themselves in generic mode (PojoUtils keeps "primitive-like" types). */
const KEEP = /^java\.(math|sql)\.|^java\.lang\.Class$/;

/**
 * PojoUtils.generalize for `generic=true` results: POJOs become HashMaps with a "class"
 * key, recursively; lists and maps are walked; everything else stays.
 */
export function generalize(v: HessianValue, seen = new Map<object, HessianValue>()): HessianValue {
  if (typeof v !== "object" || v === null || v instanceof Date || v instanceof Uint8Array) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: HessianValue[] = [];
    seen.set(v, out);
    for (const x of v) out.push(generalize(x, seen));
    return out;
  }
  if (v instanceof JavaList) {
    const out = new JavaList(v.type, [], v.variableLength);
    seen.set(v, out);
    for (const x of v.items) out.items.push(generalize(x, seen));
    return out;
  }
  if (v instanceof JavaMap) {
    const out = new JavaMap(v.type);
    seen.set(v, out);
    for (const [k, x] of v.entries) out.set(generalize(k, seen), generalize(x, seen));
    return out;
  }
  if (v instanceof JavaObject && !KEEP.test(v.className)) {
    // An enum (single `name` field) generalizes to its name, as PojoUtils does.
    if (v.fieldNames.length === 1 && v.fieldNames[0] === "name" && typeof v.values[0] === "string") return v.values[0];
    const out = new JavaMap(null);
    seen.set(v, out);
    out.set("class", v.className);
    v.fieldNames.forEach((name, i) => {
      if (!out.entries.has(name)) out.set(name, generalize(v.values[i] as HessianValue, seen));
    });
    return out;
  }
  return v;
}

/**
 * PojoUtils.realize for generic arguments: a map with a "class" key (or any map where a
 * POJO is declared) becomes an instance of that class, so handlers see one shape whether
 * they were called typed or generically.
 */
export function realize(v: HessianValue, declared: string | undefined): HessianValue {
  if (Array.isArray(v)) return v.map((x) => realize(x, undefined));
  if (v instanceof JavaList)
    return new JavaList(
      v.type,
      v.items.map((x) => realize(x, undefined)),
      v.variableLength,
    );
  if (!(v instanceof JavaMap)) return v;
  const cls = v.get("class");
  const className = typeof cls === "string" ? cls : isPojoType(declared) ? declared : undefined;
  if (className === undefined) {
    const out = new JavaMap(v.type);
    for (const [k, x] of v.entries) out.set(k, realize(x, undefined));
    return out;
  }
  const names: string[] = [];
  const values: HessianValue[] = [];
  for (const [k, x] of v.entries) {
    if (k === "class" || typeof k !== "string") continue;
    names.push(k);
    values.push(realize(x, undefined));
  }
  return new JavaObject(className, names, values);
}

function isPojoType(t: string | undefined): t is string {
  return t !== undefined && !t.startsWith("java.") && !t.endsWith("[]") && !/^[a-z]+$/.test(t);
}
