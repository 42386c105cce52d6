import { readCesu8Chars } from "@tribridge/core";
import type { HessianReader } from "./errors.js";

/**
 * Short ASCII strings seen recently, shared by every decoder. RPC bodies repeat the same
 * short strings in every message (service and method names, attachment keys and values,
 * map keys, enum names, tags): returning the string built last time skips building a new
 * one, and the engine keeps its hash, so a Map key or object property costs less as well.
 *
 * Direct-mapped and small on purpose: a hit needs the same bytes in the same slot, and a
 * message full of distinct values (user names in a list of 1000) overwrites slots instead
 * of filling memory; values that do not repeat mostly miss, at the cost of a short compare.
 * Strings are immutable, so sharing one between decoders and callers is safe.
 */
/** 2^9 slots: a slot is the top 9 bits of the hash (SLOT_BITS = 9, `>>> 23` in the hit path). */
const SLOTS = 512;
/** The direct string tags carry at most 31 units, so every such string fits a slot of 8 words. */
const SLOT_WORDS = 8;
const values: string[] = new Array<string>(SLOTS).fill("");
/**
 * Each slot's bytes, four to a word (big-endian, the last word zero-padded): the input is
 * compared a word at a time against one load here, half the loads of a byte-for-byte compare
 * (reading the cached string unit by unit cost twice as much again).
 */
const keyWords = new Int32Array(SLOTS * SLOT_WORDS);
/** Length of each slot's key; -1 while empty (the empty string never reaches the table). */
const keyLengths = new Int8Array(SLOTS).fill(-1);
/**
 * Misses each slot has taken since its string last hit or entered. A slot is overwritten only
 * after ADMIT_AFTER misses: a stream of values that never repeat (names and e-mails in
 * decode/pojo-list-1000) then copies one string in ADMIT_AFTER instead of every one (the
 * copy was ~5% of that case), and a string that does repeat keeps its slot against them.
 * A newly repeating string enters after at most that many misses of its slot.
 */
const misses = new Uint8Array(SLOTS);
const ADMIT_AFTER = 4;
/**
 * Whether the last readShortString found its string in the table (read by readFieldString).
 * A field of an object, not a module-level `let`: those cost a hole check per access in
 * optimised code, as do the named constants, which the hit path spells as literals.
 */
const last = { hit: false };

/**
 * `units` (at most 31) UTF-16 units of CESU-8 at the reader's position: the table's string
 * when the slot holds the same bytes (only ASCII strings enter, so those bytes are ASCII),
 * otherwise decoded by core, which also reports every malformed or truncated input exactly
 * as without the table.
 */
export function readShortString(r: HessianReader, units: number): string {
  const bytes = r.bytes;
  const pos = r.pos;
  if (units === 0) return "";
  // Strings that start past 1 GiB into the input skip the table (they are decoded as misses
  // are): below that, the mask tells the engine that no index `start + k` can overflow, and it
  // drops an overflow check from every byte of the hash and the compare (decode-js/rpc-args).
  if (units > r.end - pos || pos > 0x3fffffe0) return readCesu8Chars(r, units);
  const start = pos & 0x3fffffff;
  // The length and three bytes pick the slot, in O(1): hashing every byte cost as much as
  // building the string. Values that differ only elsewhere (numbered names, e-mail addresses)
  // share a slot and rarely repeat; comparing them stops at the first differing byte.
  const h = Math.imul(
    (units << 24) ^
      ((bytes[start] as number) << 16) ^
      ((bytes[start + (units >> 1)] as number) << 8) ^
      (bytes[start + units - 1] as number),
    0x9e3779b1,
  );
  const slot = h >>> 23; // 32 - SLOT_BITS (9)
  if (keyLengths[slot] === units && sameWords(bytes, start, units, slot << 3 /* SLOT_WORDS */)) {
    r.pos = start + units;
    misses[slot] = 0;
    last.hit = true;
    return values[slot] as string;
  }
  return missShortString(r, units, slot);
}

/**
 * A string not in its slot: built, and entered when the slot's admission allows. Apart from
 * the hit path above, so that path stays small enough for the engine to inline into the readers.
 */
function missShortString(r: HessianReader, units: number, slot: number): string {
  const bytes = r.bytes;
  const start = r.pos;
  last.hit = false;
  let value = asciiString(bytes, start, units);
  if (value === undefined) value = readCesu8Chars(r, units);
  else r.pos = start + units;
  const missed = (misses[slot] as number) + 1;
  // One byte per unit means ASCII: only such strings may enter, as the compare above needs.
  if ((missed >= ADMIT_AFTER || keyLengths[slot] === -1) && r.pos - start === units) {
    const base = slot * SLOT_WORDS;
    for (let k = 0; k < SLOT_WORDS; k++) keyWords[base + k] = 0;
    for (let i = 0; i < units; i++) keyWords[base + (i >> 2)] |= (bytes[start + i] as number) << (24 - 8 * (i & 3));
    keyLengths[slot] = units;
    values[slot] = value;
    misses[slot] = 0;
  } else misses[slot] = missed < 255 ? missed : 255;
  return value;
}

/**
 * Whether the `n` bytes at `start` (below 2^30, see readShortString) are the key packed at
 * `keyWords[base]` (a key of the same length). The loop runs on `p < last` with `last` at most
 * 2^30 + 28, so the engine knows every `p + k` fits an int and checks no overflow.
 */
function sameWords(b: Uint8Array, start: number, n: number, base: number): boolean {
  let p = start & 0x3fffffff;
  const last = p + n - 3;
  let k = base;
  for (; p < last; p += 4, k++) {
    const w =
      ((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number);
    if (w !== keyWords[k]) return false;
  }
  const rest = last + 3 - p;
  if (rest === 0) return true;
  let w = (b[p] as number) << 24;
  if (rest > 1) w |= (b[p + 1] as number) << 16;
  if (rest > 2) w |= (b[p + 2] as number) << 8;
  return w === keyWords[k];
}

/**
 * Per-field table use, for the fields of a class definition (`ClassDef.stringModes`): a field
 * whose strings miss the table SKIP_AFTER times in a row (names, e-mails, ids: a new value in
 * every instance) stops looking them up, and builds them directly; after PROBE_AT - SKIP_AFTER
 * values built so, one goes through the table again, and a hit there turns the lookups back on.
 * Fields that repeat (tags, status names, enum-like codes) keep hitting and stay in the table.
 * The hash, the failed compare and the admission bookkeeping of names and e-mails bought back
 * only ~0-5% of decode/pojo-list-1000 (noisy, same-process A/B): building them is the cost.
 * Values 0..SKIP_AFTER-1 count misses in a row; SKIP_AFTER..PROBE_AT count skipped reads.
 */
const SKIP_AFTER = 8;
const PROBE_AT = SKIP_AFTER + 64;

/** A short string (`units` ≤ 31) read as field `i` of a class whose table use `modes` tracks. */
export function readFieldString(r: HessianReader, units: number, modes: Uint8Array, i: number): string {
  if (units === 0) return "";
  const mode = modes[i] as number;
  if (mode < SKIP_AFTER) {
    const v = readShortString(r, units);
    modes[i] = last.hit ? 0 : mode + 1;
    return v;
  }
  if (mode < PROBE_AT) {
    modes[i] = mode + 1;
    const start = r.pos;
    if (units > r.end - start) return readCesu8Chars(r, units);
    const v = asciiString(r.bytes, start, units);
    if (v === undefined) return readCesu8Chars(r, units);
    r.pos = start + units;
    return v;
  }
  const v = readShortString(r, units);
  modes[i] = last.hit ? 0 : SKIP_AFTER;
  return v;
}

const fromCharCode = String.fromCharCode;

type AsciiBuilder = (b: Uint8Array, p: number, n: number) => string | undefined;

/**
 * `n` (1..31) bytes at `p` as one string when all are ASCII, else undefined (also when `p`
 * is past 1 GiB, left to the caller's exact decoder): a generated
 * switch with one case per length, each loading its bytes once, testing them together and
 * passing all of them to one `fromCharCode`. One flat string per value, where eight bytes per
 * call built up to three pieces joined into rope strings (the e-mails of
 * decode/pojo-list-1000: five allocations instead of one). The code is numbers only, made once.
 * Null where the engine refuses generated code; asciiRun is used then.
 */
function generateAsciiBuilder(): AsciiBuilder | null {
  const cases: string[] = [];
  for (let n = 1; n <= 31; n++) {
    const names = Array.from({ length: n }, (_, i) => `c${i}`);
    const loads = names.map((c, i) => `${c} = b[p + ${i}]`).join(", ");
    cases.push(
      `case ${n}: { const ${loads}; return (${names.join(" | ")}) < 0x80 ? fromCharCode(${names.join(", ")}) : undefined; }`,
    );
  }
  try {
    return new Function(
      "fromCharCode",
      // Past 1 GiB the caller decodes the bytes itself; below it, the masked `p` lets the
      // engine drop the overflow check of every `p + k` (as in readShortString).
      `"use strict";\nreturn function asciiString(b, p, n) {\nif (p > 0x3fffffe0) return undefined;\np &= 0x3fffffff;\nswitch (n) {\n${cases.join("\n")}\n}\nreturn undefined;\n};`,
    )(fromCharCode) as AsciiBuilder;
  } catch {
    return null;
  }
}

/** Exported for the tests, which hold it to the same results as asciiRun. */
export const asciiString: AsciiBuilder = generateAsciiBuilder() ?? asciiRun;

/**
 * `n` bytes at `p` as a string when all are ASCII, else undefined (the caller decodes them
 * exactly); the path without generated code. Eight bytes per step are loaded once, tested
 * together and passed to `fromCharCode` as arguments: one pass over a string that missed the table instead of
 * core's scan and then build (names and e-mails of decode/pojo-list-1000).
 * Native slices cost more per string at these lengths (8-20 bytes, Node 20): Buffer's
 * latin1Slice 1.3x (and it is Node-only), utf8Slice 1.6x, TextDecoder 2.8x.
 */
export function asciiRun(b: Uint8Array, p: number, n: number): string | undefined {
  let out = "";
  while (n >= 8) {
    const c0 = b[p] as number;
    const c1 = b[p + 1] as number;
    const c2 = b[p + 2] as number;
    const c3 = b[p + 3] as number;
    const c4 = b[p + 4] as number;
    const c5 = b[p + 5] as number;
    const c6 = b[p + 6] as number;
    const c7 = b[p + 7] as number;
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) return undefined;
    out += fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7);
    p += 8;
    n -= 8;
  }
  if (n >= 4) {
    const c0 = b[p] as number;
    const c1 = b[p + 1] as number;
    const c2 = b[p + 2] as number;
    const c3 = b[p + 3] as number;
    if ((c0 | c1 | c2 | c3) >= 0x80) return undefined;
    out += fromCharCode(c0, c1, c2, c3);
    p += 4;
    n -= 4;
  }
  switch (n) {
    case 0:
      return out;
    case 1: {
      const c0 = b[p] as number;
      return c0 < 0x80 ? out + fromCharCode(c0) : undefined;
    }
    case 2: {
      const c0 = b[p] as number;
      const c1 = b[p + 1] as number;
      return (c0 | c1) < 0x80 ? out + fromCharCode(c0, c1) : undefined;
    }
    default: {
      const c0 = b[p] as number;
      const c1 = b[p + 1] as number;
      const c2 = b[p + 2] as number;
      return (c0 | c1 | c2) < 0x80 ? out + fromCharCode(c0, c1, c2) : undefined;
    }
  }
}
