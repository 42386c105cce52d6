import { type Attachments, attachmentsToRecord } from "@tribridge/dubbo";
import { type HessianValue, JavaDouble, JavaList, JavaMap, JavaObject } from "@tribridge/hessian2";

/** Attachments as a plain record for the invocation model. */
export function attachmentsFrom(map: Attachments | undefined): Record<string, unknown> {
  return attachmentsToRecord(map);
}

/**
 * Plain JS for a generic call's Object[] arguments: objects become HashMaps (with a
 * `class` key when the caller set one), arrays stay lists, model values pass through.
 */
export function toGenericValue(v: unknown): HessianValue {
  if (v === undefined) return null;
  if (typeof v !== "object" || v === null) return v as HessianValue;
  if (
    v instanceof Date ||
    v instanceof Uint8Array ||
    v instanceof JavaObject ||
    v instanceof JavaList ||
    v instanceof JavaMap ||
    v instanceof JavaDouble
  ) {
    return v;
  }
  if (Array.isArray(v)) return v.map(toGenericValue);
  if (v instanceof Map)
    return new JavaMap(
      null,
      [...v].map(([k, x]) => [toGenericValue(k), toGenericValue(x)] as const),
    );
  return new JavaMap(
    null,
    Object.entries(v).map(([k, x]) => [k, toGenericValue(x)] as const),
  );
}
