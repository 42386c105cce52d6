import { DecodeError, EncodeError, encodeUtf8 } from "@tribridge/core";
import { PROTOCOL } from "./constants.js";
import { internAscii } from "./intern.js";
import { allocOut } from "./slab.js";

/**
 * The Bolt header section as SOFARPC writes it (`SimpleMapSerializer`): repeated
 * `int32 keyLength | key | int32 valueLength | value`, UTF-8 (real UTF-8, not CESU-8: Java
 * uses `String.getBytes("UTF-8")` here), no count and no terminator. Length -1 is null;
 * Java skips null keys and values on both sides, and so do we. Insertion order is kept so
 * a decoded map re-encodes to the same bytes.
 */

const EMPTY = new Uint8Array(0);
// Java decodes with `new String(bytes, UTF_8)`: invalid sequences become U+FFFD, never an error.
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });
const decodeUtf8 = (b: Uint8Array): string => lenient.decode(b);

export type HeaderMap = ReadonlyMap<string, string> | Readonly<Record<string, string | undefined>>;

/** UTF-8 length of `s`, or -1 when it is not plain ASCII. */
export function asciiLength(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return -1;
  return s.length;
}

function notPair(k: unknown, offset: number): never {
  throw new EncodeError(`header map entry ${String(k)} is not a string pair`, {
    protocol: PROTOCOL,
    reason: "unencodable",
    offset,
  });
}

/** Encodes a header map; an empty map is zero bytes (Java sends headerLen 0). */
export function encodeHeaderMap(map: HeaderMap | undefined): Uint8Array {
  if (map === undefined) return EMPTY;
  const entries = map instanceof Map ? map : Object.entries(map);
  // Keys and values are nearly always ASCII: measure, then write straight into one buffer
  // with no per-entry garbage; any non-ASCII string sends the map down the general path.
  let total = 0;
  for (const [k, v] of entries) {
    if (v === null || v === undefined) continue;
    if (typeof k !== "string" || typeof v !== "string") notPair(k, total);
    const kn = asciiLength(k);
    const vn = asciiLength(v);
    if (kn < 0 || vn < 0) return encodeUtf8Map(entries);
    total += 8 + kn + vn;
  }
  if (total === 0) return EMPTY;
  const out = allocOut(total);
  let at = 0;
  for (const [k, v] of entries) {
    if (v === null || v === undefined) continue;
    at = putAscii(out, at, k as string);
    at = putAscii(out, at, v);
  }
  return out;
}

/** Writes a length-prefixed ASCII string at `at`; returns the end. */
export function putAscii(out: Uint8Array, at: number, s: string): number {
  const n = s.length;
  out[at] = n >>> 24;
  out[at + 1] = (n >>> 16) & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = n & 0xff;
  at += 4;
  for (let i = 0; i < n; i++) out[at + i] = s.charCodeAt(i);
  return at + n;
}

function encodeUtf8Map(entries: Iterable<readonly [string, string | null | undefined]>): Uint8Array {
  const items: Uint8Array[] = [];
  let total = 0;
  for (const [k, v] of entries) {
    if (v === null || v === undefined) continue;
    const kb = encodeUtf8(k);
    const vb = encodeUtf8(v);
    items.push(kb, vb);
    total += 8 + kb.length + vb.length;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const item of items) {
    view.setInt32(at, item.length);
    out.set(item, at + 4);
    at += 4 + item.length;
  }
  return out;
}

/**
 * Decodes a header section. `streamOffset` is where `bytes[0]` sits in the connection,
 * so errors point into a capture.
 */
export function decodeHeaderMap(bytes: Uint8Array, streamOffset = 0): Map<string, string> {
  const out = new Map<string, string>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const str = (): string | null => {
    if (bytes.length - at < 4) fail("truncated", `a header string length needs 4 bytes, ${bytes.length - at} left`, at);
    const n = view.getInt32(at);
    if (n === -1) {
      at += 4;
      return null;
    }
    if (n < 0) fail("malformed", `negative header string length ${n}`, at);
    if (bytes.length - at - 4 < n) fail("truncated", `header string of ${n} bytes, ${bytes.length - at - 4} left`, at);
    at += 4;
    const s = n === 0 ? "" : utf8(bytes, at, at + n);
    at += n;
    return s;
  };
  const fail = (reason: "truncated" | "malformed", message: string, offset: number): never => {
    throw new DecodeError(message, { protocol: PROTOCOL, reason, offset: streamOffset + offset });
  };
  while (at < bytes.length) {
    const key = str();
    const value = str();
    if (key !== null && value !== null) {
      if (key === "__proto__") continue; // never a real key; keeps Object.fromEntries users safe
      out.set(key, value);
    }
  }
  return out;
}

/** Header keys and values are mostly short ASCII and repeat: see intern.ts. */
function utf8(bytes: Uint8Array, start: number, end: number): string {
  return internAscii(bytes, start, end) ?? decodeUtf8(bytes.subarray(start, end));
}
