import { DecodeError, type DecodeLimits } from "@tribridge/core";
import { HessianDecoder, HessianEncoder, type HessianValue, JavaMap } from "@tribridge/hessian2";
import { PROTOCOL } from "./constants.js";

/**
 * Shared plumbing of request and response bodies: every top-level value of one message
 * goes through a single Hessian stream (class definitions and references carry over, as
 * in Dubbo's Hessian2ObjectOutput), and attachments are a String-keyed map.
 */

export interface BodyDecodeOptions {
  /** Bounds on the Hessian values inside the body. */
  readonly limits?: Partial<DecodeLimits>;
}

/** Attachments as the codec keeps them: the map exactly as decoded, or what the caller gave. */
export type Attachments = JavaMap;

/** A String-keyed record or map of attachments as a Hessian map ('H', Java's HashMap). */
export function toAttachments(
  input: Attachments | Readonly<Record<string, HessianValue>> | ReadonlyMap<string, HessianValue> | undefined,
): Attachments {
  if (input instanceof JavaMap) return input;
  const out = new JavaMap(null);
  if (input === undefined) return out;
  const entries = input instanceof Map ? input.entries() : Object.entries(input);
  for (const [k, v] of entries) if (v !== undefined) out.set(k, v);
  return out;
}

/** Attachments as a plain record (non-string keys are dropped: Java declares Map<String, Object>). */
export function attachmentsToRecord(map: Attachments | undefined): Record<string, HessianValue> {
  const out: Record<string, HessianValue> = Object.create(null);
  if (map === undefined) return out;
  for (const [k, v] of map.entries) if (typeof k === "string") out[k] = v;
  return out;
}

/**
 * Attachments maps seen lately, by their exact bytes, for maps that hold only strings: a
 * peer sends the same few (path, interface, version, timeout...) on every call, and a
 * byte comparison is far cheaper than decoding them again. Strings take no part in
 * Hessian's class or reference tables, so such bytes mean the same map wherever they
 * stand in a body; the map itself is the body's last value, so no later value can refer
 * to it.
 */
export class StringMapMemo {
  private readonly known: { readonly bytes: Uint8Array; readonly entries: [string, string][] }[] = [];
  private next = 0;

  /** A fresh copy of the map `bytes[start, end)` encodes, when those bytes were seen lately. */
  match(bytes: Uint8Array, start: number, end: number): JavaMap | undefined {
    const n = end - start;
    for (const k of this.known) {
      const b = k.bytes;
      if (b.length !== n) continue;
      let i = n - 1;
      while (i >= 0 && b[i] === bytes[start + i]) i--;
      if (i < 0) return new JavaMap(null, k.entries);
    }
    return undefined;
  }

  /** Keeps `map`, decoded from `bytes[start, end)`, when it is small and holds only strings. */
  remember(bytes: Uint8Array, start: number, end: number, map: JavaMap): void {
    // A typed map may name its type by an index into the stream's type table: not context-free.
    if (end - start > MEMO_MAX_BYTES || map.type !== null) return;
    const entries: [string, string][] = [];
    for (const [k, v] of map.entries) {
      if (typeof k !== "string" || typeof v !== "string") return;
      entries.push([k, v]);
    }
    this.known[this.next] = { bytes: bytes.slice(start, end), entries };
    this.next = (this.next + 1) % MEMO_SLOTS;
  }

  /** The bytes of a map equal to `map` (untyped, same string entries in the same order), if seen lately. */
  bytesOf(map: JavaMap): Uint8Array | undefined {
    if (map.type !== null) return undefined;
    const size = map.entries.size;
    for (const k of this.known) {
      const e = k.entries;
      if (e.length !== size) continue;
      let i = 0;
      for (const [key, value] of map.entries) {
        const pair = e[i] as [string, string];
        if (pair[0] !== key || pair[1] !== value) break;
        i++;
      }
      if (i === size) return k.bytes;
    }
    return undefined;
  }

  /** `map` written alone, remembered when it is small and holds only strings; undefined otherwise. */
  encode(map: JavaMap): Uint8Array | undefined {
    if (map.type !== null) return undefined;
    for (const [k, v] of map.entries) if (typeof k !== "string" || typeof v !== "string") return undefined;
    const bytes = encodeWith(undefined, (enc) => enc.write(map)).slice();
    this.remember(bytes, 0, bytes.length, map);
    return bytes;
  }
}

const MEMO_SLOTS = 4;
const MEMO_MAX_BYTES = 1024;
/**
 * Bodies up to this size may take the memo: they cannot come near the default reference
 * limit, so skipping the map's one reference changes no verdict.
 */
const MEMO_MAX_BODY = 64 * 1024;

/** A reader over the body bytes of one frame, failing with `dubbo` errors for shape problems. */
export class BodyReader {
  private readonly decoder: HessianDecoder;
  private readonly streamOffset: number;
  private readonly bytes: Uint8Array;
  private readonly bodyEnd: number;
  private readonly memoOk: boolean;

  constructor(bytes: Uint8Array, start: number, end: number, streamOffset: number, options?: BodyDecodeOptions) {
    this.bytes = bytes;
    this.bodyEnd = end;
    // Custom limits may refuse what the default ones let through: decode in full then.
    this.memoOk = options?.limits === undefined && end - start <= MEMO_MAX_BODY;
    this.decoder = new HessianDecoder(bytes, {
      offset: start,
      end,
      ...(options?.limits === undefined ? {} : { limits: options.limits }),
    });
    // Hessian offsets are relative to `bytes`; shift them to the stream for our own errors.
    this.streamOffset = streamOffset - start;
  }

  get hasMore(): boolean {
    return !this.atEnd && this.decoder.hasMore;
  }

  /** The rest of the body was matched by bytes, not read. */
  private atEnd = false;

  value(): HessianValue {
    return this.decoder.read();
  }

  fail(message: string): never {
    throw new DecodeError(message, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: this.streamOffset + this.decoder.pos,
    });
  }

  string(what: string): string {
    const v = this.value();
    if (typeof v !== "string") this.fail(`${what} must be a string, got ${describe(v)}`);
    return v;
  }

  /**
   * Attachments: a map, or null / absent (old writers), which count as empty. With a memo,
   * the map is taken to be the last value of the body and looked up by its bytes first.
   */
  attachments(memo?: StringMapMemo): Attachments {
    if (!this.hasMore) return new JavaMap(null);
    const at = this.decoder.pos;
    if (memo !== undefined && this.memoOk) {
      const hit = memo.match(this.bytes, at, this.bodyEnd);
      if (hit !== undefined) {
        this.atEnd = true;
        return hit;
      }
    }
    const v = this.value();
    if (v === null) return new JavaMap(null);
    if (!(v instanceof JavaMap)) this.fail(`attachments must be a map, got ${describe(v)}`);
    if (memo !== undefined && this.memoOk && !this.hasMore) memo.remember(this.bytes, at, this.bodyEnd, v);
    return v;
  }

  end(): void {
    if (this.hasMore) this.fail("bytes left after the last value of the body");
  }
}

export function describe(v: HessianValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return v.constructor.name;
  return typeof v;
}

export function newEncoder(maxBytes: number | undefined): HessianEncoder {
  return new HessianEncoder(maxBytes === undefined ? undefined : { maxBytes });
}

/** Idle encoders by byte limit: a body is one short synchronous stream, so few are ever needed. */
const idleEncoders = new Map<number | undefined, HessianEncoder>();
const POOLED_LIMITS = 8;

/**
 * Encodes one body through a reused encoder (a fresh one per body, with its buffer and
 * tables, was a tenth of a small call's cost). `write` must not keep the encoder.
 */
export function encodeWith(maxBytes: number | undefined, write: (enc: HessianEncoder) => void): Uint8Array {
  const pooled = idleEncoders.get(maxBytes);
  const enc = pooled ?? newEncoder(maxBytes);
  if (pooled !== undefined) idleEncoders.delete(maxBytes); // busy: a nested body gets its own
  try {
    write(enc);
    return enc.finish();
  } catch (e) {
    enc.reset();
    throw e;
  } finally {
    if (idleEncoders.size < POOLED_LIMITS || idleEncoders.has(maxBytes)) idleEncoders.set(maxBytes, enc);
  }
}
