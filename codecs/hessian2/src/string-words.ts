import type { ByteWriter } from "@tribridge/core";

/**
 * Short ASCII strings written before, kept as 8-byte words so writing one again takes a
 * lookup and a few `setFloat64` stores instead of a `charCodeAt` per unit. RPC bodies repeat
 * the same service, method and attachment names in every message: the char loop was the
 * largest single cost of hessian2/encode/rpc-args, and copying by words is ~2.5x faster.
 *
 * Why doubles are safe carriers: every byte is below 0x80, so the top byte of a word (its
 * sign and high exponent bits) is below 0x80 too and the exponent can never be all ones; no
 * word is a NaN, so none is canonicalised on its way through a Float64Array. Bytes past the
 * end of a string are stored as zero.
 *
 * A direct-mapped table: a string's slot comes from its length and its middle unit, and a new
 * string takes over its slot. Bounded by construction, and a lookup is one `charCodeAt` and
 * one comparison (a Map lookup cost more than the words saved for names under ~10 units).
 * Workloads where strings rarely repeat (unique names in a list of POJOs) stop paying for
 * lookups: a window with few hits turns the table off for a while, then it is probed again.
 */

// The hot path (writeString, writeKnownString) spells these as literals with their names in
// comments. Below WORDS_MIN_UNITS the char loop costs no more than the lookup; strings written
// directly are at most 31 units: with their length byte, SLOT_WORDS words; a window is WINDOW lookups.
/** Below this many units the char loop costs no more than the lookup. */
export const WORDS_MIN_UNITS = 4;
const SLOTS = 1024;
const SLOT_WORDS = 4;
const WINDOW = 64;
const MIN_HITS = 16;
const BYPASS = 1024;

// The mutable state in one object: its fields are plain loads, where module-level `let`
// bindings cost a hole check on every access in optimised code.
const table = {
  /** The string in each slot. */
  keys: new Array<string | undefined>(SLOTS).fill(undefined),
  /** Its words at `SLOT_WORDS * slot`; allocated on the first string remembered. */
  words: new Float64Array(0),
  probes: 0,
  /** Lookups of this window that missed (hits are the rest: one counter less per hit). */
  misses: 0,
  bypassLeft: 0,
};

/** `writeKnownString` wrote the string. */
export const WRITTEN = 1;
/** Not in the table: write it, then offer it to `rememberString`. */
export const UNKNOWN = 0;
/** The table is off for now: just write it. */
export const SKIPPED = -1;

/**
 * Writes `s` (`n` units, 4 to 31) as a direct-length string from the table when it is known.
 * Returns WRITTEN, UNKNOWN or SKIPPED, as literals: module constants are a load and a hole
 * check per use in optimised code (writeString compares the results as literals too).
 * Small enough to be inlined where strings are written: the call itself cost about a fifth
 * of a hit (encode/rpc-args).
 */
export function writeKnownString(w: ByteWriter, s: string, n: number): number {
  const t = table;
  if (t.bypassLeft > 0) {
    t.bypassLeft--;
    return -1; // SKIPPED
  }
  // slotOf, spelled out: a call the inliner may refuse costs as much as the lookup.
  const slot = Math.imul((n << 7) ^ s.charCodeAt(n >> 1), 0x9e3779b1) >>> 22;
  if (++t.probes === 64 /* WINDOW */) closeWindow();
  if (t.keys[slot] !== s) {
    t.misses++;
    return 0; // UNKNOWN
  }
  // The length byte and the units, in whole words: up to seven bytes past the string, which
  // later writes overwrite. (The first write of an output finds no room: the writer is idle.)
  if (w.pos + n + 8 > w.buf.length) w.ensure(n + 8);
  const p = w.pos;
  const words = t.words;
  const dv = w.dataView;
  const at = slot << 2; // SLOT_WORDS = 4
  // Unrolled: (n + 1) bytes take one word below 8 units, up to four at 24 and above.
  dv.setFloat64(p, words[at] as number, true);
  if (n >= 8) {
    dv.setFloat64(p + 8, words[at + 1] as number, true);
    if (n >= 16) {
      dv.setFloat64(p + 16, words[at + 2] as number, true);
      if (n >= 24) dv.setFloat64(p + 24, words[at + 3] as number, true);
    }
  }
  w.pos = p + 1 + n;
  return 1; // WRITTEN
}

/**
 * Remembers `s`, which `writeKnownString` did not know, from the bytes the caller just wrote
 * at `w.buf[from]`: its length byte, then its ASCII units. The writer must have room for the
 * padding to a whole word after them.
 */
export function rememberString(w: ByteWriter, s: string, from: number): void {
  const n = s.length;
  const count = (n + 8) >> 3;
  const t = table;
  if (t.words.length === 0) t.words = new Float64Array(SLOTS * SLOT_WORDS);
  const b = w.buf;
  // The pad bytes lie past the writer's position: free space, zeroed so the last word is clean.
  for (let i = from + 1 + n; i < from + count * 8; i++) b[i] = 0;
  const dv = w.dataView;
  const words = t.words;
  const slot = slotOf(s, n);
  const at = slot * SLOT_WORDS;
  for (let i = 0; i < count; i++) words[at + i] = dv.getFloat64(from + i * 8, true);
  t.keys[slot] = s;
}

/**
 * A slot from the length and the middle unit (writeKnownString spells it out) (which varies more than the first or last: tags
 * like alpha, gamma and delta share both ends). One `charCodeAt`, as each costs ~40
 * instructions, as much as copying a unit; equal-length strings with the same middle share a slot.
 */
function slotOf(s: string, n: number): number {
  return Math.imul((n << 7) ^ s.charCodeAt(n >> 1), 0x9e3779b1) >>> 22;
}

function closeWindow(): void {
  if (WINDOW - table.misses < MIN_HITS) table.bypassLeft = BYPASS;
  table.probes = 0;
  table.misses = 0;
}

/** Empties the table and its statistics (tests). */
export function resetStringWords(): void {
  table.keys.fill(undefined);
  table.probes = 0;
  table.misses = 0;
  table.bypassLeft = 0;
}
