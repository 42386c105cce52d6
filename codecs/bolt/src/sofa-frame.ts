import { EncodeError, encodeUtf8 } from "@tribridge/core";
import { type Dialect, HessianEncoder, JavaList, JavaMap, JavaObject } from "@tribridge/hessian2";
import {
  CMD_REQUEST,
  CMD_RESPONSE,
  CODEC,
  DEFAULT_MAX_BODY_LENGTH,
  HEAD,
  PROTOCOL,
  SOFA_REQUEST_CLASS,
  SOFA_REQUEST_FIELDS,
  SOFA_RESPONSE_CLASS,
  SOFA_RESPONSE_FIELDS,
  TYPE_REQUEST,
  TYPE_RESPONSE,
} from "./constants.js";
import { assembleFrame, type ProtocolFields } from "./frame.js";
import { asciiLength, encodeHeaderMap, putAscii } from "./header-map.js";
import { allocOut } from "./slab.js";
import { type SofaRequest, sofaRequestHeader } from "./sofa-request.js";
import { isThrowable, type SofaResponse, sofaResponseHeader } from "./sofa-response.js";

/**
 * Whole SOFARPC frames in one buffer. Everything a SofaRequest or SofaResponse frame shares
 * with the previous one (fixed header layout, class name, the bean's class definition, the
 * header pairs naming service and method) is computed once, with our own encoder, and
 * copied; only the values that change go through the Hessian encoder. The bytes equal
 * `encodeFrame` over `encodeHeaderMap(sofa…Header(r))` and `encodeSofa…(r)`, which the
 * golden frames check (codecs/bolt/test/golden.test.ts).
 */

export interface SofaFrameOptions {
  /** `hessian3` (sofa-hessian 3.x, SOFARPC's default) or `hessian2` (sofa-hessian 4.x). */
  readonly dialect: Dialect;
  /** Largest class + header + content (default 8 MiB); also bounds the Hessian encoder. */
  readonly maxBodyLength?: number;
}

export interface SofaRequestFrameFields extends ProtocolFields {
  /** 1 request (default) or 2 one-way. */
  readonly type?: number;
  readonly requestId: number;
  /** Default hessian2 (1). */
  readonly codec?: number;
  /** ms the caller waits; -1 (default) = none. */
  readonly timeout?: number;
}

export interface SofaResponseFrameFields extends ProtocolFields {
  readonly requestId: number;
  readonly codec?: number;
}

const EMPTY = new Uint8Array(0);
const N_TAG = 0x4e; // Hessian null 'N'

/**
 * The class definition and instance header of a bean in one dialect: everything before its
 * first field value, taken from what our encoder writes for an all-null instance.
 */
function beanHead(dialect: Dialect, className: string, fields: readonly string[]): Uint8Array {
  const bytes = new HessianEncoder({ dialect }).write(template(className, fields)).finish();
  const head = bytes.length - fields.length;
  for (let i = head; i < bytes.length; i++) {
    if (bytes[i] !== N_TAG) throw new Error(`unexpected ${className} encoding in ${dialect}`);
  }
  return bytes.slice(0, head);
}

function template(className: string, fields: readonly string[]): JavaObject {
  return new JavaObject(
    className,
    fields,
    fields.map(() => null),
  );
}

/**
 * Written first into a fresh stream, the all-null bean leaves the encoder's tables (class
 * 0, reference 0) exactly as the real bean does before its first field: the fields and
 * the arguments that follow are then written by the encoder itself, back references and
 * class indexes included, and the template's own bytes are cut off again.
 */
const REQUEST_TEMPLATE = template(SOFA_REQUEST_CLASS, SOFA_REQUEST_FIELDS);
const RESPONSE_TEMPLATE = template(SOFA_RESPONSE_CLASS, SOFA_RESPONSE_FIELDS);

interface DialectBlobs {
  readonly request: Uint8Array;
  readonly response: Uint8Array;
}

const blobs: Record<Dialect, DialectBlobs> = {
  hessian2: {
    request: beanHead("hessian2", SOFA_REQUEST_CLASS, SOFA_REQUEST_FIELDS),
    response: beanHead("hessian2", SOFA_RESPONSE_CLASS, SOFA_RESPONSE_FIELDS),
  },
  hessian3: {
    request: beanHead("hessian3", SOFA_REQUEST_CLASS, SOFA_REQUEST_FIELDS),
    response: beanHead("hessian3", SOFA_RESPONSE_CLASS, SOFA_RESPONSE_FIELDS),
  },
};

/** The content of a SofaResponse up to `appResponse` when `isError` is false and `errorMsg` null. */
export function successPrefix(dialect: Dialect): Uint8Array {
  return successPrefixes[dialect];
}

const successPrefixes: Record<Dialect, Uint8Array> = {
  hessian2: concat(
    blobs.hessian2.response,
    new HessianEncoder({ dialect: "hessian2" }).write(false).write(null).finish(),
  ),
  hessian3: concat(
    blobs.hessian3.response,
    new HessianEncoder({ dialect: "hessian3" }).write(false).write(null).finish(),
  ),
};

// One reusable encoder per (dialect, byte limit): building one costs a third of a small
// request. An encoder that threw is dropped; a re-entrant call (a getter writing a frame
// while we write one) gets a private encoder.
const encoders = new Map<string, HessianEncoder>();
let busy = false;

function encoderKey(dialect: Dialect, maxBytes: number | undefined): string {
  return maxBytes === undefined ? dialect : `${dialect}:${maxBytes}`;
}

function pooledEncoder(dialect: Dialect, maxBytes: number | undefined): HessianEncoder {
  const key = encoderKey(dialect, maxBytes);
  let enc = busy ? undefined : encoders.get(key);
  if (enc === undefined) {
    enc = new HessianEncoder({
      dialect,
      initialCapacity: 512,
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
    if (!busy) {
      if (encoders.size >= 16) encoders.clear();
      encoders.set(key, enc);
    }
  }
  return enc;
}

function dropEncoder(dialect: Dialect, maxBytes: number | undefined): void {
  encoders.delete(encoderKey(dialect, maxBytes));
}

/**
 * The request content after the bean head and its three string fields (see `CallShape`):
 * the encoder primed with the template, then the props, the signatures and the arguments.
 * Returns the bytes past the template.
 */
function requestTail(r: SofaRequest, dialect: Dialect, maxBytes: number | undefined): Uint8Array {
  const n = r.args.length;
  if (n !== r.methodArgSigs.length) {
    throw new RangeError(`${r.methodArgSigs.length} signature(s), ${n} argument(s)`);
  }
  // Scalars and a props map of scalars neither use nor leave anything in the stream's
  // tables that a later value could refer to: then the template is not needed.
  let prime = !scalarMap(r.requestProps);
  for (let i = 0; i < n && !prime; i++) prime = !isScalar(r.args[i]);
  const shared = !busy;
  const enc = pooledEncoder(dialect, maxBytes);
  busy = true;
  try {
    let skip = 0;
    if (prime) {
      enc.write(REQUEST_TEMPLATE);
      skip = enc.length;
    }
    enc.write(r.requestProps);
    enc.write(new JavaList("[string", r.methodArgSigs as string[]));
    for (let i = 0; i < n; i++) enc.write(r.args[i]);
    const out = enc.finish();
    return skip === 0 ? out : out.subarray(skip);
  } catch (e) {
    if (shared) dropEncoder(dialect, maxBytes);
    throw e;
  } finally {
    if (shared) busy = false;
  }
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== "object";
}

function scalarMap(m: JavaMap | null): boolean {
  if (m === null) return true;
  for (const [k, v] of m.entries) if (!isScalar(k) || !isScalar(v)) return false;
  return true;
}

/** The response content after `head` (the bean head, or the success prefix when `plain`). */
function responseTail(r: SofaResponse, plain: boolean, dialect: Dialect, maxBytes: number | undefined): Uint8Array {
  const prime = !isScalar(r.appResponse) || !scalarMap(r.responseProps);
  const shared = !busy;
  const enc = pooledEncoder(dialect, maxBytes);
  busy = true;
  try {
    let skip = 0;
    if (prime) {
      enc.write(RESPONSE_TEMPLATE);
      skip = enc.length;
    }
    if (!plain) {
      enc.write(r.isError);
      enc.write(r.errorMsg);
    }
    enc.write(r.appResponse);
    enc.write(r.responseProps);
    const out = enc.finish();
    return skip === 0 ? out : out.subarray(skip);
  } catch (e) {
    if (shared) dropEncoder(dialect, maxBytes);
    throw e;
  } finally {
    if (shared) busy = false;
  }
}

function isPlain(r: SofaResponse): boolean {
  return r.isError === false && r.errorMsg === null;
}

/** The SofaRequest content section (bean, then arguments), as `encodeSofaRequest`. */
export function sofaRequestContent(r: SofaRequest, dialect: Dialect, maxBytes?: number): Uint8Array {
  return concat(contentPrefix(callShape(r), dialect), requestTail(r, dialect, maxBytes));
}

/** The SofaResponse content section, as `encodeSofaResponse`. */
export function sofaResponseContent(r: SofaResponse, dialect: Dialect, maxBytes?: number): Uint8Array {
  const plain = isPlain(r);
  const head = plain ? successPrefixes[dialect] : blobs[dialect].response;
  return concat(head, responseTail(r, plain, dialect, maxBytes));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * What every request of one (service, method, target app) shares: the header pairs naming
 * them, and per dialect the content up to the props (bean head, then the three strings,
 * whose bytes do not depend on the stream's tables).
 */
export interface CallShape {
  readonly service: string;
  readonly method: string;
  readonly app: string | null;
  readonly header: Uint8Array;
  hessian2: Uint8Array | undefined;
  hessian3: Uint8Array | undefined;
}

const MAX_SHAPES = 1024;
const shapes = new Map<string, CallShape>();
// The last shape used: a client calling one method in a loop compares three strings
// instead of building and hashing a key.
let lastShape: CallShape | undefined;

export function callShape(r: Omit<SofaRequest, "args">): CallShape {
  const app = r.targetAppName;
  const service = r.targetServiceUniqueName;
  const method = r.methodName;
  const hit = lastShape;
  if (hit !== undefined && hit.method === method && hit.service === service && hit.app === app) return hit;
  const key = `${service}\u0000${method}${app === null ? "" : `\u0000${app}`}`;
  let shape = shapes.get(key);
  if (shape === undefined) {
    const header = encodeHeaderMap(
      sofaRequestHeader({
        targetServiceUniqueName: service,
        methodName: method,
        targetAppName: app,
        requestProps: null,
        methodArgSigs: [],
      }),
    ).slice();
    shape = { service, method, app, header, hessian2: undefined, hessian3: undefined };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, shape);
  }
  lastShape = shape;
  return shape;
}

export function contentPrefix(shape: CallShape, dialect: Dialect): Uint8Array {
  let prefix = shape[dialect];
  if (prefix === undefined) {
    const strings = new HessianEncoder({ dialect }).write(shape.app).write(shape.method).write(shape.service).finish();
    prefix = concat(blobs[dialect].request, strings);
    shape[dialect] = prefix;
  }
  return prefix;
}

const ERROR_HEADER = encodeHeaderMap(new Map([[HEAD.RESPONSE_ERROR, "true"]])).slice();

function requestHeaderBytes(r: SofaRequest, fixed: Uint8Array): Uint8Array {
  const props = r.requestProps;
  if (props === null || props.size === 0) return fixed;
  // Flat ASCII string props (the usual trace and call-type keys) are appended to the cached
  // pairs; nested maps, numbers, non-ASCII text or a key shadowing a fixed one take the
  // general path, which flattens exactly as SOFARPC does.
  let extra = 0;
  for (const [k, v] of props.entries) {
    if (typeof k !== "string") continue;
    if (typeof v !== "string") {
      if (typeof v === "number" || typeof v === "bigint" || v instanceof JavaMap) return generalRequestHeader(r);
      continue;
    }
    const kn = asciiLength(k);
    const vn = asciiLength(v);
    if (kn < 0 || vn < 0 || FIXED_KEYS.has(k)) return generalRequestHeader(r);
    extra += 8 + kn + vn;
  }
  const out = allocOut(fixed.length + extra);
  out.set(fixed, 0);
  let at = fixed.length;
  for (const [k, v] of props.entries) {
    if (typeof k !== "string" || typeof v !== "string") continue;
    at = putAscii(out, at, k);
    at = putAscii(out, at, v);
  }
  return out;
}

const FIXED_KEYS: ReadonlySet<string> = new Set([HEAD.SERVICE, HEAD.METHOD_NAME, HEAD.TARGET_SERVICE, HEAD.TARGET_APP]);

function generalRequestHeader(r: SofaRequest): Uint8Array {
  return encodeHeaderMap(sofaRequestHeader(r));
}

function responseHeaderBytes(r: SofaResponse): Uint8Array {
  const props = r.responseProps;
  if (props !== null && props.size > 0) return encodeHeaderMap(sofaResponseHeader(r));
  return r.isError || isThrowable(r.appResponse) ? ERROR_HEADER : EMPTY;
}

const REQUEST_CLASS_BYTES = encodeUtf8(SOFA_REQUEST_CLASS);
const RESPONSE_CLASS_BYTES = encodeUtf8(SOFA_RESPONSE_CLASS);

function tooLarge(body: number, max: number): never {
  throw new EncodeError(`frame body of ${body} bytes exceeds the limit of ${max}`, {
    protocol: PROTOCOL,
    reason: "limit-exceeded",
    offset: 0,
  });
}

/**
 * A whole SofaRequest frame: the same bytes as `encodeFrame` with class SofaRequest, header
 * `sofaRequestHeader(r)` and content `encodeSofaRequest(r)`, built with one copy of each part.
 */
export function encodeSofaRequestFrame(
  fields: SofaRequestFrameFields,
  r: SofaRequest,
  options: SofaFrameOptions,
): Uint8Array {
  const max = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
  const shape = callShape(r);
  const header = requestHeaderBytes(r, shape.header);
  const head = contentPrefix(shape, options.dialect);
  const tail = requestTail(r, options.dialect, options.maxBodyLength);
  const body = REQUEST_CLASS_BYTES.length + header.length + head.length + tail.length;
  if (body > max) tooLarge(body, max);
  return assembleFrame(
    fields,
    fields.type ?? TYPE_REQUEST,
    CMD_REQUEST,
    fields.requestId,
    fields.codec ?? CODEC.HESSIAN2,
    fields.timeout ?? -1,
    REQUEST_CLASS_BYTES,
    header,
    head,
    tail,
  );
}

/** A whole SUCCESS SofaResponse frame (see `encodeSofaRequestFrame`). */
export function encodeSofaResponseFrame(
  fields: SofaResponseFrameFields,
  r: SofaResponse,
  options: SofaFrameOptions,
): Uint8Array {
  const max = options.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
  const header = responseHeaderBytes(r);
  const plain = isPlain(r);
  const head = plain ? successPrefixes[options.dialect] : blobs[options.dialect].response;
  const tail = responseTail(r, plain, options.dialect, options.maxBodyLength);
  const body = RESPONSE_CLASS_BYTES.length + header.length + head.length + tail.length;
  if (body > max) tooLarge(body, max);
  return assembleFrame(
    fields,
    TYPE_RESPONSE,
    CMD_RESPONSE,
    fields.requestId,
    fields.codec ?? CODEC.HESSIAN2,
    0,
    RESPONSE_CLASS_BYTES,
    header,
    head,
    tail,
  );
}
