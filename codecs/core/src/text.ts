import type { ByteReader } from "./byte-reader.js";
import type { ByteWriter } from "./byte-writer.js";

const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** Standard UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Decodes strict UTF-8; throws a TypeError on invalid input (callers wrap it). */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Writes standard UTF-8 and returns the number of bytes written. */
export function writeUtf8(writer: ByteWriter, text: string): number {
  writer.ensure(text.length * 3);
  const { written } = utf8Encoder.encodeInto(text, writer.buf.subarray(writer.pos));
  writer.pos += written;
  return written;
}

/**
 * Bytes that `writeCesu8` will produce: every UTF-16 unit on its own, 1 to 3 bytes, so a
 * supplementary character takes 6 bytes (two surrogates) instead of UTF-8's 4.
 */
export function cesu8ByteLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 ? 2 : 1;
  }
  return n;
}

/**
 * Writes a string the way Java's Hessian and DataOutput-style writers do: each UTF-16
 * code unit separately (CESU-8), NUL as a single 0x00 byte. Lone surrogates survive.
 */
export function writeCesu8(writer: ByteWriter, text: string): void {
  const length = text.length;
  writer.ensure(length * 3);
  const buf = writer.buf;
  let pos = writer.pos;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  writer.pos = pos;
}

// Below this many bytes, building the string in JS beats the fixed cost of TextDecoder
// (~300 ns per call on Node 20; 8-byte fromCharCode chunks cost ~80 ns per 8 bytes; measured
// for hessian2/decode/pojo-list-1000, whose names, emails and tags are 5 to 20 bytes).
const SHORT_ASCII = 48;
// String.fromCharCode.apply takes an argument list: keep chunks well under engine limits.
const FROM_CHAR_CODE_CHUNK = 4096;

/**
 * Reads exactly `chars` UTF-16 code units of CESU-8 (the Java wire form of Hessian strings)
 * and advances the reader. Accepts what Java writers emit (1 to 3 byte sequences, surrogate
 * halves encoded separately) and also 4-byte UTF-8 sequences, which count as two units, as
 * some non-Java writers send. Rejects malformed sequences with `bad-utf8`.
 */
export function readCesu8Chars(reader: ByteReader, chars: number): string {
  const bytes = reader.bytes;
  const start = reader.pos;
  const end = reader.end;
  // Every unit needs at least one byte: a claim beyond the input fails before any work.
  if (chars > end - start) {
    reader.fail("truncated", `string of ${chars} chars needs at least ${chars} bytes, ${end - start} left`);
  }
  let p = start;
  const asciiEnd = start + chars;
  while (p < asciiEnd && (bytes[p] as number) < 0x80) p++;
  if (p === asciiEnd) {
    reader.pos = p;
    return asciiString(bytes, start, p);
  }
  // Scan the rest to find where the string ends and whether a native decoder is exact.
  let units = p - start;
  let nativeExact = true;
  while (units < chars) {
    if (p >= end) reader.fail("truncated", `string ended after ${units} of ${chars} chars`);
    const b = bytes[p] as number;
    if (b < 0x80) {
      p++;
      units++;
    } else if (b < 0xc0) {
      reader.fail("bad-utf8", `stray continuation byte 0x${b.toString(16)}`, p);
    } else if (b < 0xe0) {
      if (p + 2 > end) reader.fail("truncated", "2-byte sequence cut short", p);
      checkContinuation(reader, p + 1);
      if (b < 0xc2) nativeExact = false; // overlong form (Java accepts it; TextDecoder would not)
      p += 2;
      units++;
    } else if (b < 0xf0) {
      if (p + 3 > end) reader.fail("truncated", "3-byte sequence cut short", p);
      checkContinuation(reader, p + 1);
      checkContinuation(reader, p + 2);
      const b1 = bytes[p + 1] as number;
      if ((b === 0xed && b1 >= 0xa0) || (b === 0xe0 && b1 < 0xa0)) nativeExact = false; // surrogate half, overlong
      p += 3;
      units++;
    } else if (b < 0xf8) {
      if (units + 2 > chars) reader.fail("bad-utf8", "4-byte sequence would split a surrogate pair at the end", p);
      if (p + 4 > end) reader.fail("truncated", "4-byte sequence cut short", p);
      checkContinuation(reader, p + 1);
      checkContinuation(reader, p + 2);
      checkContinuation(reader, p + 3);
      p += 4;
      units += 2;
    } else {
      reader.fail("bad-utf8", `invalid lead byte 0x${b.toString(16)}`, p);
    }
  }
  reader.pos = p;
  if (nativeExact) {
    try {
      return utf8Decoder.decode(bytes.subarray(start, p));
    } catch {
      // Falls through to the exact JS decoder, which reports the offending byte.
    }
  }
  return decodeCesu8Range(bytes, start, p);
}

function checkContinuation(reader: ByteReader, at: number): void {
  const b = reader.bytes[at] as number;
  if ((b & 0xc0) !== 0x80) reader.fail("bad-utf8", `expected a continuation byte, got 0x${b.toString(16)}`, at);
}

function asciiString(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_ASCII) return shortAscii(bytes, start, end - start);
  return utf8Decoder.decode(bytes.subarray(start, end));
}

const fromCharCode = String.fromCharCode;

/**
 * Up to 8 units per `fromCharCode` call with the bytes as arguments: about twice as fast as
 * one call per byte, and the result is flat below 13 units instead of a chain of one-char
 * cons strings. (Not `apply` over a subarray: that costs more than it saves for short input.)
 */
function shortAscii(b: Uint8Array, p: number, n: number): string {
  let out = "";
  while (n > 8) {
    out += fromCharCode(
      b[p] as number,
      b[p + 1] as number,
      b[p + 2] as number,
      b[p + 3] as number,
      b[p + 4] as number,
      b[p + 5] as number,
      b[p + 6] as number,
      b[p + 7] as number,
    );
    p += 8;
    n -= 8;
  }
  switch (n) {
    case 0:
      return out;
    case 1:
      return out + fromCharCode(b[p] as number);
    case 2:
      return out + fromCharCode(b[p] as number, b[p + 1] as number);
    case 3:
      return out + fromCharCode(b[p] as number, b[p + 1] as number, b[p + 2] as number);
    case 4:
      return out + fromCharCode(b[p] as number, b[p + 1] as number, b[p + 2] as number, b[p + 3] as number);
    case 5:
      return (
        out +
        fromCharCode(b[p] as number, b[p + 1] as number, b[p + 2] as number, b[p + 3] as number, b[p + 4] as number)
      );
    case 6:
      return (
        out +
        fromCharCode(
          b[p] as number,
          b[p + 1] as number,
          b[p + 2] as number,
          b[p + 3] as number,
          b[p + 4] as number,
          b[p + 5] as number,
        )
      );
    case 7:
      return (
        out +
        fromCharCode(
          b[p] as number,
          b[p + 1] as number,
          b[p + 2] as number,
          b[p + 3] as number,
          b[p + 4] as number,
          b[p + 5] as number,
          b[p + 6] as number,
        )
      );
    default:
      return (
        out +
        fromCharCode(
          b[p] as number,
          b[p + 1] as number,
          b[p + 2] as number,
          b[p + 3] as number,
          b[p + 4] as number,
          b[p + 5] as number,
          b[p + 6] as number,
          b[p + 7] as number,
        )
      );
  }
}

/** Decodes an already validated CESU-8 range unit by unit. */
function decodeCesu8Range(bytes: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let out = "";
  let p = start;
  while (p < end) {
    const b = bytes[p] as number;
    if (b < 0x80) {
      units.push(b);
      p++;
    } else if (b < 0xe0) {
      units.push(((b & 0x1f) << 6) | ((bytes[p + 1] as number) & 0x3f));
      p += 2;
    } else if (b < 0xf0) {
      units.push(((b & 0x0f) << 12) | (((bytes[p + 1] as number) & 0x3f) << 6) | ((bytes[p + 2] as number) & 0x3f));
      p += 3;
    } else {
      const cp =
        (((b & 0x07) << 18) |
          (((bytes[p + 1] as number) & 0x3f) << 12) |
          (((bytes[p + 2] as number) & 0x3f) << 6) |
          ((bytes[p + 3] as number) & 0x3f)) -
        0x10000;
      units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
      p += 4;
    }
    if (units.length >= FROM_CHAR_CODE_CHUNK) {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, units);
}
