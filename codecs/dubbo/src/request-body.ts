import { DEFAULT_DECODE_LIMITS } from "@tribridge/core";
import type { HessianValue } from "@tribridge/hessian2";
import { type Attachments, type BodyDecodeOptions, BodyReader, encodeWith, StringMapMemo } from "./body-io.js";
import { descriptorArity } from "./descriptor.js";

/** The body of an invocation request, in wire order (DubboCodec.encodeRequestData). */
export interface RequestBody {
  /** Protocol version of the caller, `"2.0.2"` today; gates response attachments. */
  readonly dubboVersion: string;
  /** Service path: the interface name. */
  readonly path: string;
  /** Service version, `"0.0.0"` when none. */
  readonly version: string;
  readonly method: string;
  /** JVM parameter-type descriptor (`Ljava/lang/String;I`), `""` for no parameters. */
  readonly descriptor: string;
  /** One value per descriptor entry. */
  readonly args: readonly HessianValue[];
  /** `path`, `interface`, `version`, `group`, `timeout`... and user keys. Group travels only here. */
  readonly attachments: Attachments;
}

/**
 * The five strings that open every request body of one method (Dubbo version, path,
 * version, method, descriptor), as Hessian bytes. Strings take no part in a stream's class
 * or reference tables, so these bytes are the same in every message and what follows them
 * is exactly a fresh stream: a caller calling one method writes them by copying, and a
 * provider that sees them again skips reading them by comparing bytes.
 */
interface Prefix {
  readonly dubboVersion: string;
  readonly path: string;
  readonly version: string;
  readonly method: string;
  readonly descriptor: string;
  readonly arity: number;
  readonly bytes: Uint8Array;
}

const MAX_PREFIXES = 1024;
const prefixes = new Map<string, Prefix>();
/** The most recently used prefixes, compared first (one method in a loop hashes nothing). */
const RECENT = 8;
const recent: Prefix[] = [];
let recentNext = 0;

function prefixOf(b: Omit<RequestBody, "args" | "attachments">): Prefix {
  for (let i = 0; i < recent.length; i++) {
    const p = recent[i] as Prefix;
    if (
      p.method === b.method &&
      p.path === b.path &&
      p.descriptor === b.descriptor &&
      p.version === b.version &&
      p.dubboVersion === b.dubboVersion
    ) {
      return p;
    }
  }
  const key = `${b.dubboVersion}\u0000${b.path}\u0000${b.version}\u0000${b.method}\u0000${b.descriptor}`;
  let p = prefixes.get(key);
  if (p === undefined) {
    const bytes = encodeWith(undefined, (enc) => {
      enc.write(b.dubboVersion).write(b.path).write(b.version).write(b.method).write(b.descriptor);
    }).slice();
    p = {
      dubboVersion: b.dubboVersion,
      path: b.path,
      version: b.version,
      method: b.method,
      descriptor: b.descriptor,
      arity: descriptorArity(b.descriptor),
      bytes,
    };
    if (prefixes.size >= MAX_PREFIXES) prefixes.clear();
    prefixes.set(key, p);
  }
  recent[recentNext] = p;
  recentNext = (recentNext + 1) % RECENT;
  return p;
}

/**
 * The body in parts, the constant prefix, the arguments, and the attachments when they
 * were written apart (else they close the arguments part), for a frame writer that copies
 * them into place; the argument count must match the descriptor.
 */
export function encodeRequestParts(
  body: RequestBody,
  maxBytes?: number,
): [Uint8Array, Uint8Array, Uint8Array | undefined] {
  const p = prefixOf(body);
  if (p.arity !== body.args.length) {
    throw new RangeError(
      `descriptor ${JSON.stringify(body.descriptor)} declares ${p.arity} argument(s), got ${body.args.length}`,
    );
  }
  // After arguments that hold no object the encoder could refer back to, the attachments'
  // bytes do not depend on what precedes them: cached bytes of equal string maps serve.
  let tail: Uint8Array | undefined;
  if (scalarsOnly(body.args)) {
    tail = attachmentBytes.bytesOf(body.attachments) ?? attachmentBytes.encode(body.attachments);
  }
  const rest = encodeWith(maxBytes, (enc) => {
    for (const a of body.args) enc.write(a);
    if (tail === undefined) enc.write(body.attachments);
  });
  return [p.bytes, rest, tail];
}

const attachmentBytes = new StringMapMemo();

function scalarsOnly(args: readonly HessianValue[]): boolean {
  for (const a of args) if (typeof a === "object" && a !== null) return false;
  return true;
}

/** Encodes the body; the argument count must match the descriptor. */
export function encodeRequestBody(body: RequestBody, maxBytes?: number): Uint8Array {
  const [prefix, rest, tail] = encodeRequestParts(body, maxBytes);
  const out = new Uint8Array(prefix.length + rest.length + (tail === undefined ? 0 : tail.length));
  out.set(prefix, 0);
  out.set(rest, prefix.length);
  if (tail !== undefined) out.set(tail, prefix.length + rest.length);
  return out;
}

const requestAttachments = new StringMapMemo();

/** A known prefix that `bytes[start, end)` starts with, or undefined. */
function matchPrefix(bytes: Uint8Array, start: number, end: number): Prefix | undefined {
  for (let i = 0; i < recent.length; i++) {
    const p = recent[i] as Prefix;
    const b = p.bytes;
    const n = b.length;
    if (end - start < n) continue;
    let j = n - 1;
    while (j >= 0 && b[j] === bytes[start + j]) j--;
    if (j < 0) return p;
  }
  return undefined;
}

/**
 * Decodes a request body from `bytes[start, end)`. The descriptor says how many
 * arguments follow, as on the Java side; the attachments map closes the body.
 */
export function decodeRequestBody(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  streamOffset = start,
  options?: BodyDecodeOptions,
): RequestBody {
  // Custom limits (or a body beyond the default byte limit) are checked over the whole body.
  const known =
    options?.limits === undefined && end - start <= DEFAULT_DECODE_LIMITS.maxBytes
      ? matchPrefix(bytes, start, end)
      : undefined;
  let r: BodyReader;
  let dubboVersion: string;
  let path: string;
  let version: string;
  let method: string;
  let descriptor: string;
  let count: number;
  if (known !== undefined) {
    const skip = known.bytes.length;
    r = new BodyReader(bytes, start + skip, end, streamOffset + skip, options);
    ({ dubboVersion, path, version, method, descriptor } = known);
    count = known.arity;
  } else {
    r = new BodyReader(bytes, start, end, streamOffset, options);
    dubboVersion = r.string("dubbo version");
    path = r.string("service path");
    version = r.string("service version");
    method = r.string("method name");
    descriptor = r.string("parameter types");
    count = descriptorArity(descriptor);
  }
  const args: HessianValue[] = [];
  for (let i = 0; i < count; i++) {
    if (!r.hasMore) r.fail(`descriptor declares ${count} argument(s), body has ${i}`);
    args.push(r.value());
  }
  const attachments = r.attachments(requestAttachments);
  r.end();
  if (known === undefined && options?.limits === undefined) {
    prefixOf({ dubboVersion, path, version, method, descriptor });
  }
  return { dubboVersion, path, version, method, descriptor, args, attachments };
}
