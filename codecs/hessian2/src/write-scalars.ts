import { type ByteWriter, INT64_MAX, INT64_MIN, type SlabWriter, writeUtf8 } from "@tribridge/core";
import { rememberString, writeKnownString } from "./string-words.js";

/**
 * Scalar writers mirroring Java's Hessian2Output byte for byte: each picks the same
 * smallest form the Java writer picks. They write straight into `w.buf` after one `ensure`.
 * Byte codes are literals with their constants.ts names in comments: an imported constant is
 * a load and a check per use in optimised code, not a folded value.
 */

export function writeInt(w: ByteWriter, v: number): void {
  w.ensure(5);
  const b = w.buf;
  let p = w.pos;
  if (v >= -16 && v <= 47) b[p++] = v + 0x90 /* INT_ZERO */;
  else if (v >= -2048 && v <= 2047) {
    b[p++] = 0xc8 /* INT_BYTE_ZERO */ + (v >> 8);
    b[p++] = v & 0xff;
  } else if (v >= -262144 && v <= 262143) {
    b[p++] = 0xd4 /* INT_SHORT_ZERO */ + (v >> 16);
    b[p++] = (v >> 8) & 0xff;
    b[p++] = v & 0xff;
  } else {
    b[p++] = 0x49 /* BC_INT */;
    b[p++] = v >>> 24;
    b[p++] = (v >> 16) & 0xff;
    b[p++] = (v >> 8) & 0xff;
    b[p++] = v & 0xff;
  }
  w.pos = p;
}

/** A long whose value fits in a JS number exactly (`|v| < 2^53`). */
export function writeLongNumber(w: ByteWriter, v: number, h3: boolean): void {
  w.ensure(9);
  const b = w.buf;
  let p = w.pos;
  if (v >= -8 && v <= 15) b[p++] = v + 0xe0 /* LONG_ZERO */;
  else if (v >= -2048 && v <= 2047) {
    b[p++] = 0xf8 /* LONG_BYTE_ZERO */ + (v >> 8);
    b[p++] = v & 0xff;
  } else if (v >= -262144 && v <= 262143) {
    b[p++] = 0x3c /* LONG_SHORT_ZERO */ + (v >> 16);
    b[p++] = (v >> 8) & 0xff;
    b[p++] = v & 0xff;
  } else if (v >= -0x8000_0000 && v <= 0x7fff_ffff) {
    b[p++] = h3 ? 0x77 /* H3_LONG_INT */ : 0x59 /* H4_LONG_INT */;
    b[p++] = v >>> 24;
    b[p++] = (v >> 16) & 0xff;
    b[p++] = (v >> 8) & 0xff;
    b[p++] = v & 0xff;
  } else {
    b[p++] = 0x4c /* BC_LONG */;
    const hi = Math.floor(v / 0x1_0000_0000);
    w.dataView.setInt32(p, hi);
    w.dataView.setUint32(p + 4, v - hi * 0x1_0000_0000);
    p += 8;
  }
  w.pos = p;
}

/** A long given as a bigint; false (nothing written) when it does not fit 64 bits. */
export function writeLong(w: ByteWriter, v: bigint, h3: boolean): boolean {
  // One conversion instead of two BigInt comparisons (and a BigInt negation per call): rounding
  // is monotonic and exact within int32, so the number is in range exactly when the long is.
  const n = Number(v);
  if (n >= -0x8000_0000 && n <= 0x7fff_ffff) {
    writeLongNumber(w, n, h3);
    return true;
  }
  if (v < INT64_MIN || v > INT64_MAX) return false;
  w.ensure(9);
  w.buf[w.pos] = 0x4c /* BC_LONG */;
  w.dataView.setBigInt64(w.pos + 1, v);
  w.pos += 9;
  return true;
}

/** Java's `(int) d`: truncation toward zero, saturating, NaN → 0. */
function javaIntCast(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) | 0;
}

export function writeDouble(w: ByteWriter, v: number, h3: boolean): void {
  w.ensure(9);
  const b = w.buf;
  let p = w.pos;
  const iv = javaIntCast(v);
  if (iv === v) {
    // -0.0 == 0 in Java too, so it takes the zero byte and comes back as +0.0.
    if (iv === 0) {
      b[p] = h3 ? 0x67 /* H3_DOUBLE_ZERO */ : 0x5b /* H4_DOUBLE_ZERO */;
      w.pos = p + 1;
      return;
    }
    if (iv === 1) {
      b[p] = h3 ? 0x68 /* H3_DOUBLE_ONE */ : 0x5c /* H4_DOUBLE_ONE */;
      w.pos = p + 1;
      return;
    }
    if (iv >= -0x80 && iv < 0x80) {
      b[p] = h3 ? 0x69 /* H3_DOUBLE_BYTE */ : 0x5d /* H4_DOUBLE_BYTE */;
      b[p + 1] = iv & 0xff;
      w.pos = p + 2;
      return;
    }
    if (iv >= -0x8000 && iv < 0x8000) {
      b[p] = h3 ? 0x6a /* H3_DOUBLE_SHORT */ : 0x5e /* H4_DOUBLE_SHORT */;
      b[p + 1] = (iv >> 8) & 0xff;
      b[p + 2] = iv & 0xff;
      w.pos = p + 3;
      return;
    }
  }
  if (h3) {
    if (Math.fround(v) === v) {
      b[p++] = 0x6b /* H3_DOUBLE_FLOAT */;
      w.dataView.setFloat32(p, v);
      w.pos = p + 4;
      return;
    }
  } else {
    const mills = javaIntCast(v * 1000);
    if (0.001 * mills === v) {
      b[p++] = 0x5f /* H4_DOUBLE_MILL */;
      w.dataView.setInt32(p, mills);
      w.pos = p + 4;
      return;
    }
  }
  b[p++] = 0x44 /* BC_DOUBLE */;
  w.dataView.setFloat64(p, v);
  w.pos = p + 8;
}

export function writeDate(w: ByteWriter, ms: number, h3: boolean): void {
  w.ensure(9);
  const b = w.buf;
  const p = w.pos;
  if (!h3 && ms % 60000 === 0) {
    const minutes = ms / 60000;
    if (minutes >= -0x8000_0000 && minutes <= 0x7fff_ffff) {
      b[p] = 0x4b /* H4_DATE_MINUTE */;
      w.dataView.setInt32(p + 1, minutes);
      w.pos = p + 5;
      return;
    }
  }
  b[p] = h3 ? 0x64 /* H3_DATE */ : 0x4a /* H4_DATE */;
  const hi = Math.floor(ms / 0x1_0000_0000);
  w.dataView.setInt32(p + 1, hi);
  w.dataView.setUint32(p + 5, ms - hi * 0x1_0000_0000);
  w.pos = p + 9;
}

// Long ASCII runs are faster through the native encoder; below this the JS loop wins (style.md §2.9).
const NATIVE_MIN = 48;

/** Writes `length` UTF-16 units of `s` from `start`, each unit on its own (CESU-8), as Java does. */
function writeChars(w: ByteWriter, s: string, start: number, length: number): void {
  const end = start + length;
  if (length >= NATIVE_MIN) {
    // Every non-ASCII unit takes 2+ bytes, so `length` bytes means pure ASCII, where UTF-8 and
    // Java's per-unit encoding agree; otherwise the attempt is overwritten below. Room is made
    // first: a SlabWriter's ensure may move the content, and `p0` must stay valid.
    w.ensure(length * 3);
    const p0 = w.pos;
    if (writeUtf8(w, start === 0 && end === s.length ? s : s.slice(start, end)) === length) return;
    w.pos = p0;
  }
  w.ensure(length * 3);
  const b = w.buf;
  let p = w.pos;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) b[p++] = c;
    else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  w.pos = p;
}

/**
 * `recall` (always passed: a call with fewer arguments than parameters costs more): whether to
 * use the table of repeated strings (string-words.ts). Object fields pass false: their strings
 * (names, e-mails, ids) rarely repeat, and a miss costs a lookup and an insertion
 * (encode/pojo-list-1000); argument lists, map entries and list items pass true.
 * Kept small so that it is inlined where values are written, with the table's hit path:
 * the rest is in writeShortString and writeLongString (encode/rpc-args).
 */
export function writeString(w: ByteWriter, s: string, h3: boolean, recall: boolean): void {
  const n = s.length;
  // Numbers in this path are literals, their names in comments: an imported constant is a
  // load and a check per use in optimised code, not a folded constant (encode/rpc-args).
  if (n > 0x1f /* STRING_DIRECT_MAX */) writeLongString(w, s, h3);
  else if (recall && n >= 4 /* WORDS_MIN_UNITS */) {
    const known = writeKnownString(w, s, n);
    if (known !== 1 /* WRITTEN */) writeShortString(w, s, known === 0 /* UNKNOWN */);
  } else writeShortString(w, s, false);
}

/** A string of at most 31 units; `remember`: offer it to the table when it is ASCII. */
function writeShortString(w: ByteWriter, s: string, remember: boolean): void {
  const length = s.length;
  // Names, keys and most RPC strings: one ensure, then tag and ASCII in one loop, falling
  // back to the general writer at the first non-ASCII unit (encode/small-args, pojo-list).
  // The room made covers the table's word overrun too (3n >= n + 8 from 4 units up).
  w.ensure(1 + length * 3);
  const b = w.buf;
  const p = w.pos + 1;
  b[p - 1] = length;
  // Units are stored unchecked and OR-ed, one test at the end: a branch per unit cost ~10%
  // of the loop (encode/rpc-args). A non-ASCII unit stored truncated is overwritten below.
  let all = 0;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    all |= c;
    b[p + i] = c;
  }
  if (all < 0x80) {
    w.pos = p + length;
    if (remember) rememberString(w, s, p - 1);
    return;
  }
  let i = 0;
  while (s.charCodeAt(i) < 0x80) i++;
  w.pos = p + i;
  writeChars(w, s, i, length - i);
}

/** A string of more than 31 units: medium or chunked. */
function writeLongString(w: ByteWriter, s: string, h3: boolean): void {
  let length = s.length;
  let start = 0;
  // Java splits above 0x8000 units and never ends a non-final chunk on a high surrogate.
  while (length > 0x8000 /* CHUNK */) {
    let sub = 0x8000 /* CHUNK */;
    const tail = s.charCodeAt(start + sub - 1);
    if (tail >= 0xd800 && tail <= 0xdbff) sub--;
    w.ensure(3);
    w.buf[w.pos] = h3 ? 0x73 /* H3_STRING_CHUNK */ : 0x52 /* H4_STRING_CHUNK */;
    w.buf[w.pos + 1] = sub >> 8;
    w.buf[w.pos + 2] = sub & 0xff;
    w.pos += 3;
    writeChars(w, s, start, sub);
    length -= sub;
    start += sub;
  }
  w.ensure(3);
  const b = w.buf;
  if (length <= 0x1f /* STRING_DIRECT_MAX */) b[w.pos++] = length;
  else if (!h3 && length <= 0x3ff /* H4_STRING_SHORT_MAX */) {
    b[w.pos++] = 0x30 /* H4_STRING_SHORT */ + (length >> 8);
    b[w.pos++] = length & 0xff;
  } else {
    b[w.pos++] = 0x53 /* BC_STRING */;
    b[w.pos++] = length >> 8;
    b[w.pos++] = length & 0xff;
  }
  writeChars(w, s, start, length);
}

/**
 * Binary; returns the output length at which a Java writer's buffer was last empty when it
 * flushed for chunks, else -1.
 * The draft writer splits into 0x8000-byte 'b' chunks. The final-format writer fills the
 * room left in its 8 KiB buffer, so the first chunk's size depends on `javaOffset`, the
 * bytes Java would hold in that buffer (the caller's estimate: exact while the stream is
 * under 8 KiB or follows another chunked binary; see docs, known gaps).
 */
export function writeBinary(w: SlabWriter, data: Uint8Array, h3: boolean, javaOffset: number): number {
  let length = data.length;
  let off = 0;
  let flushedAt = -1;
  if (h3) {
    while (length > 0x8000 /* H3_BINARY_CHUNK_MAX */) {
      writeBinaryChunk(w, 0x62 /* H3_BINARY_CHUNK */, data, off, 0x8000 /* H3_BINARY_CHUNK_MAX */);
      length -= 0x8000 /* H3_BINARY_CHUNK_MAX */;
      off += 0x8000 /* H3_BINARY_CHUNK_MAX */;
    }
    w.ensure(3 + length);
    if (length <= 0x0f /* BINARY_DIRECT_MAX */) w.buf[w.pos++] = 0x20 /* BINARY_DIRECT */ + length;
    else {
      w.buf[w.pos++] = 0x42 /* BC_BINARY */;
      w.buf[w.pos++] = length >> 8;
      w.buf[w.pos++] = length & 0xff;
    }
  } else {
    let javaPos = javaOffset;
    while (JAVA_BUFFER - javaPos - 3 < length) {
      let sub = JAVA_BUFFER - javaPos - 3;
      if (sub < 16) {
        sub = Math.min(JAVA_BUFFER - 3, length);
      }
      writeBinaryChunk(w, 0x41 /* H4_BINARY_CHUNK */, data, off, sub);
      length -= sub;
      off += sub;
      javaPos = 0;
      flushedAt = w.length; // relative: a later ensure may move the content
    }
    w.ensure(3 + length);
    if (length <= 0x0f /* BINARY_DIRECT_MAX */) w.buf[w.pos++] = 0x20 /* BINARY_DIRECT */ + length;
    else if (length <= 0x3ff /* H4_BINARY_SHORT_MAX */) {
      w.buf[w.pos++] = 0x34 /* H4_BINARY_SHORT */ + (length >> 8);
      w.buf[w.pos++] = length & 0xff;
    } else {
      w.buf[w.pos++] = 0x42 /* BC_BINARY */;
      w.buf[w.pos++] = length >> 8;
      w.buf[w.pos++] = length & 0xff;
    }
  }
  w.buf.set(off === 0 && length === data.length ? data : data.subarray(off, off + length), w.pos);
  w.pos += length;
  return flushedAt;
}

/** Size of Hessian2Output's internal buffer in hessian-lite, Caucho 4 and sofa-hessian 4. */
const JAVA_BUFFER = 8192;

function writeBinaryChunk(w: ByteWriter, tag: number, data: Uint8Array, off: number, len: number): void {
  w.ensure(3 + len);
  w.buf[w.pos] = tag;
  w.buf[w.pos + 1] = len >> 8;
  w.buf[w.pos + 2] = len & 0xff;
  w.buf.set(data.subarray(off, off + len), w.pos + 3);
  w.pos += 3 + len;
}
