import { DecodeError, type DecodeLimits } from "@tribridge/core";
import {
  type Dialect,
  detectSofaDialect,
  HessianDecoder,
  type HessianValue,
  JavaList,
  JavaMap,
  JavaObject,
} from "@tribridge/hessian2";
import { HEAD, PROTOCOL, SOFA_REQUEST_CLASS, SOFA_REQUEST_FIELDS } from "./constants.js";
import { sofaRequestContent } from "./sofa-frame.js";
import { matchRequest, rememberRequest } from "./sofa-match.js";

/**
 * The SOFARPC request envelope (sofa-rpc `SofaRequest` extends `RequestBase`): what the
 * Bolt content of cmdcode 1 carries — one Hessian stream holding the SofaRequest bean and
 * then each argument. The transient Java fields (interface name, timeout, invoke type...)
 * never travel.
 */
export interface SofaRequest {
  /** `interface:version[:uniqueId]`, e.g. `com.example.EchoService:1.0`. */
  readonly targetServiceUniqueName: string;
  readonly methodName: string;
  /** `Class.getName()` names: `java.lang.String`, `int`, `[I`, `[Ljava.lang.String;`. */
  readonly methodArgSigs: readonly string[];
  readonly targetAppName: string | null;
  /** Request props (trace context, baggage...): an untyped HashMap<String,Object>, or null. */
  readonly requestProps: JavaMap | null;
  /** One per signature, in the lossless Hessian model. */
  readonly args: readonly HessianValue[];
}

export interface SofaDecodeOptions {
  /** Forced dialect; by default detected from the first byte (a class definition). */
  readonly dialect?: Dialect;
  readonly limits?: Partial<DecodeLimits>;
  /** Stream offset of `content[0]`, for error offsets. */
  readonly streamOffset?: number;
}

export interface SofaEncodeOptions {
  /** `hessian3` (sofa-hessian 3.x, SOFARPC's default) or `hessian2` (sofa-hessian 4.x). */
  readonly dialect: Dialect;
  readonly maxBytes?: number;
}

function malformed(message: string, offset: number): never {
  throw new DecodeError(message, { protocol: PROTOCOL, reason: "malformed", offset });
}

/** Which Hessian dialect a SOFA content section is written in; typed error when neither. */
export function contentDialect(content: Uint8Array, streamOffset = 0): Dialect {
  const d = detectSofaDialect(content);
  if (d === undefined) {
    const b = content.length === 0 ? "nothing" : `0x${(content[0] as number).toString(16).padStart(2, "0")}`;
    malformed(
      `SOFA content starts with ${b}, not a class definition ('C' Hessian 2.0 or 'O' Hessian 3.1)`,
      streamOffset,
    );
  }
  return d;
}

/** The SofaRequest bean as Java writes it. */
export function sofaRequestObject(r: Omit<SofaRequest, "args">): JavaObject {
  const sigs = new JavaList("[string", [...r.methodArgSigs]);
  const byName: Record<(typeof SOFA_REQUEST_FIELDS)[number], HessianValue> = {
    targetAppName: r.targetAppName,
    methodName: r.methodName,
    targetServiceUniqueName: r.targetServiceUniqueName,
    requestProps: r.requestProps,
    methodArgSigs: sigs,
  };
  return new JavaObject(
    SOFA_REQUEST_CLASS,
    SOFA_REQUEST_FIELDS,
    SOFA_REQUEST_FIELDS.map((f) => byName[f]),
  );
}

/** Encodes the content section: the SofaRequest bean, then the arguments, in one stream. */
export function encodeSofaRequest(r: SofaRequest, options: SofaEncodeOptions): Uint8Array {
  return sofaRequestContent(r, options.dialect, options.maxBytes);
}

function stringList(v: HessianValue | undefined, offset: number): string[] {
  if (v === null || v === undefined) return [];
  const items =
    v instanceof JavaList ? v.items : Array.isArray(v) ? v : malformed("methodArgSigs is not a list", offset);
  return items.map((x) => (typeof x === "string" ? x : malformed("methodArgSigs holds a non-string", offset)));
}

function optString(v: HessianValue | undefined, field: string, offset: number): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : malformed(`${field} is not a string`, offset);
}

/** Decodes a request content section; `dialect` is the one it was written in (answer in kind). */
export function decodeSofaRequest(
  content: Uint8Array,
  options?: SofaDecodeOptions,
): { request: SofaRequest; dialect: Dialect } {
  const fast = matchRequest(content, options?.dialect, options?.limits);
  if (fast !== undefined) return fast;
  const base = options?.streamOffset ?? 0;
  const dialect = options?.dialect ?? contentDialect(content, base);
  const dec = new HessianDecoder(content, {
    dialect,
    ...(options?.limits === undefined ? {} : { limits: options.limits }),
  });
  const bean = dec.read();
  if (!(bean instanceof JavaObject) || bean.className !== SOFA_REQUEST_CLASS) {
    malformed(`content does not start with a ${SOFA_REQUEST_CLASS}`, base);
  }
  const methodName = optString(bean.get("methodName"), "methodName", base);
  const target = optString(bean.get("targetServiceUniqueName"), "targetServiceUniqueName", base);
  if (methodName === null || target === null)
    malformed("SofaRequest without methodName or targetServiceUniqueName", base);
  const props = bean.get("requestProps");
  if (props !== null && props !== undefined && !(props instanceof JavaMap))
    malformed("requestProps is not a map", base);
  const methodArgSigs = stringList(bean.get("methodArgSigs"), base);
  const args: HessianValue[] = [];
  for (let i = 0; i < methodArgSigs.length; i++) {
    if (!dec.hasMore) {
      throw new DecodeError(`${methodArgSigs.length} argument(s) announced, ${i} present`, {
        protocol: PROTOCOL,
        reason: "truncated",
        offset: base + dec.pos,
      });
    }
    args.push(dec.read());
  }
  const request: SofaRequest = {
    targetServiceUniqueName: target,
    methodName,
    methodArgSigs,
    targetAppName: optString(bean.get("targetAppName"), "targetAppName", base),
    requestProps: (props as JavaMap | null | undefined) ?? null,
    args,
  };
  if (options?.limits === undefined) rememberRequest(request);
  return { dialect, request };
}

/**
 * The Bolt header map SOFARPC puts in front of a request (`SofaRpcSerialization.serializeHeader`):
 * service name, method, target app, then the request props flattened (`a.b` for nested maps;
 * only strings and numbers are copied, as `CodecUtils.flatCopyTo` does).
 */
export function sofaRequestHeader(r: Omit<SofaRequest, "args">): Map<string, string> {
  const h = new Map<string, string>();
  h.set(HEAD.SERVICE, r.targetServiceUniqueName);
  h.set(HEAD.METHOD_NAME, r.methodName);
  h.set(HEAD.TARGET_SERVICE, r.targetServiceUniqueName);
  if (r.targetAppName !== null) h.set(HEAD.TARGET_APP, r.targetAppName);
  if (r.requestProps !== null) flatCopy("", r.requestProps, h, 0);
  return h;
}

function flatCopy(prefix: string, map: JavaMap, out: Map<string, string>, depth: number): void {
  if (depth > 8) return; // a cycle or absurd nesting: Java would overflow its stack, we stop
  for (const [k, v] of map.entries) {
    if (typeof k !== "string") continue;
    const key = prefix + k;
    if (typeof v === "string") out.set(key, v);
    else if (typeof v === "number" || typeof v === "bigint") out.set(key, String(v));
    else if (v instanceof JavaMap) flatCopy(`${key}.`, v, out, depth + 1);
  }
}

/** Splits `interface:version[:uniqueId]` (interface = text before the first ':'). */
export function parseUniqueName(name: string): { interface: string; version: string; uniqueId: string } {
  const [iface = "", version = "", ...rest] = name.split(":");
  return { interface: iface, version, uniqueId: rest.join(":") };
}

/** `interface:version[:uniqueId]`; SOFARPC writes version `1.0` when none is configured. */
export function uniqueName(iface: string, version?: string, uniqueId?: string): string {
  return `${iface}:${version || "1.0"}${uniqueId ? `:${uniqueId}` : ""}`;
}
