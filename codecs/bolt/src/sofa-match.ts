import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from "@tribridge/core";
import {
  type Dialect,
  detectSofaDialect,
  HessianDecoder,
  type HessianValue,
  JavaList,
  JavaMap,
  JavaObject,
} from "@tribridge/hessian2";
import { type CallShape, callShape, contentPrefix, successPrefix } from "./sofa-frame.js";
import type { SofaRequest } from "./sofa-request.js";
import type { SofaResponse } from "./sofa-response.js";

/**
 * Decoding SOFARPC content without the generic path for its constant part. A peer sends the
 * same SofaRequest class definition and, per method, the same three leading strings on
 * every call, and a successful SofaResponse always starts with the same bytes: a byte
 * comparison with what our encoder writes for them (see `CallShape`) replaces decoding
 * the definition and building the bean.
 *
 * What follows is read by a decoder started after the matched bytes, so with empty class
 * and reference tables. That is exact only while nothing read refers back into them: the
 * result is kept only when the props, signatures and arguments (or the app response) are
 * leaves, never objects, lists or maps that a reference or class index could have produced;
 * anything else, and any error, is decoded again from the start by the generic path, whose
 * answer (or error) is then the answer.
 */

/** Larger content is dominated by its values, not by the bean: not worth a second try. */
const MAX_FAST = 64 * 1024;
/** Shapes recently seen by this process; each miss costs one short byte comparison. */
const RECENT = 8;
const recent: CallShape[] = [];
let next = 0;

function startsWith(content: Uint8Array, prefix: Uint8Array): boolean {
  const n = prefix.length;
  if (content.length < n) return false;
  // The bean head is shared by every shape: compare from the end, where shapes differ.
  for (let i = n - 1; i >= 0; i--) if (content[i] !== prefix[i]) return false;
  return true;
}

function isLeaf(v: HessianValue): boolean {
  return !(v instanceof JavaObject || v instanceof JavaList || v instanceof JavaMap || Array.isArray(v));
}

function leafMap(v: HessianValue): boolean {
  if (!(v instanceof JavaMap)) return false;
  for (const [k, x] of v.entries) if (!isLeaf(k) || !isLeaf(x)) return false;
  return true;
}

// First bytes of values that are, or may resolve to, an object, list, map or reference:
// reading them past the tables could only end in a fallback.
const H2_NON_LEAF = new Uint8Array(256);
const H3_NON_LEAF = new Uint8Array(256);
for (const b of [0x43, 0x48, 0x4d, 0x4f, 0x51, 0x55, 0x56, 0x57, 0x58]) H2_NON_LEAF[b] = 1;
for (let b = 0x60; b <= 0x7f; b++) H2_NON_LEAF[b] = 1;
for (const b of [0x4a, 0x4b, 0x4d, 0x4f, 0x52, 0x56, 0x6f, 0x76]) H3_NON_LEAF[b] = 1;

function windowOk(content: Uint8Array, limits: Partial<DecodeLimits> | undefined): boolean {
  return limits === undefined && content.length <= MAX_FAST && content.length <= DEFAULT_DECODE_LIMITS.maxBytes;
}

/** A request whose bean matches a recent shape, or undefined (then decode generically). */
export function matchRequest(
  content: Uint8Array,
  forced: Dialect | undefined,
  limits: Partial<DecodeLimits> | undefined,
): { request: SofaRequest; dialect: Dialect } | undefined {
  if (!windowOk(content, limits)) return undefined;
  const dialect = detectSofaDialect(content);
  if (dialect === undefined || (forced !== undefined && forced !== dialect)) return undefined;
  let shape: CallShape | undefined;
  let prefix: Uint8Array | undefined;
  for (let i = 0; i < recent.length; i++) {
    const s = recent[i] as CallShape;
    const p = contentPrefix(s, dialect);
    if (startsWith(content, p)) {
      shape = s;
      prefix = p;
      break;
    }
  }
  if (shape === undefined || prefix === undefined) return undefined;
  const nonLeaf = dialect === "hessian3" ? H3_NON_LEAF : H2_NON_LEAF;
  try {
    const dec = new HessianDecoder(content, { dialect, offset: prefix.length });
    const props = dec.read();
    if (props !== null && !leafMap(props)) return undefined;
    const sigs = dec.read();
    let methodArgSigs: string[] = [];
    if (sigs !== null) {
      if (!(sigs instanceof JavaList)) return undefined;
      methodArgSigs = sigs.items as string[];
      for (const t of methodArgSigs) if (typeof t !== "string") return undefined;
    }
    const args: HessianValue[] = [];
    for (let i = 0; i < methodArgSigs.length; i++) {
      if (!dec.hasMore || nonLeaf[content[dec.pos] as number] === 1) return undefined;
      const a = dec.read();
      if (!isLeaf(a)) return undefined;
      args.push(a);
    }
    return {
      dialect,
      request: {
        targetServiceUniqueName: shape.service,
        methodName: shape.method,
        methodArgSigs,
        targetAppName: shape.app,
        requestProps: props as JavaMap | null,
        args,
      },
    };
  } catch {
    return undefined;
  }
}

/** Remembers the shape of a request decoded the long way, so that the next one matches. */
export function rememberRequest(r: Omit<SofaRequest, "args">): void {
  const shape = callShape(r);
  for (const s of recent) if (s === shape) return;
  recent[next] = shape;
  next = (next + 1) % RECENT;
}

/** A successful response (no error flag or message) read past its constant prefix, or undefined. */
export function matchResponse(
  content: Uint8Array,
  forced: Dialect | undefined,
  limits: Partial<DecodeLimits> | undefined,
): { response: SofaResponse; dialect: Dialect } | undefined {
  if (!windowOk(content, limits)) return undefined;
  const dialect = detectSofaDialect(content);
  if (dialect === undefined || (forced !== undefined && forced !== dialect)) return undefined;
  const prefix = successPrefix(dialect);
  if (!startsWith(content, prefix) || content.length === prefix.length) return undefined;
  const nonLeaf = dialect === "hessian3" ? H3_NON_LEAF : H2_NON_LEAF;
  if (nonLeaf[content[prefix.length] as number] === 1) return undefined;
  try {
    const dec = new HessianDecoder(content, { dialect, offset: prefix.length });
    const appResponse = dec.read();
    if (!isLeaf(appResponse)) return undefined;
    const props = dec.read();
    if (props !== null && !leafMap(props)) return undefined;
    return {
      dialect,
      response: { isError: false, errorMsg: null, appResponse, responseProps: props as JavaMap | null },
    };
  } catch {
    return undefined;
  }
}
