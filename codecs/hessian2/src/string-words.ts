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
 * Bounded: one arena of words and a map of offsets, both cleared when full. Workloads where
 * strings rarely repeat (unique names in a list of POJOs) stop paying for lookups: a window
 * with few hits turns the table off for a while, then it is probed again.
 */

/** Below this many units the char loop costs no more than the lookup. */
export const WORDS_MIN_UNITS = 4;
const MAX_ENTRIES = 2048;
/** Strings written directly are at most 31 units: four words each. */
const ARENA_WORDS = MAX_ENTRIES * 4;
const WINDOW = 64;
const MIN_HITS = 16;
const BYPASS = 1024;

let arena: Float64Array | undefined;
let arenaTop = 0;
const offsets = new Map<string, number>();

let probes = 0;
let hits = 0;
let bypassLeft = 0;

/** `writeKnownString` wrote the string. */
export const WRITTEN = 1;
/** Not in the table: write it, then offer it to `rememberString`. */
export const UNKNOWN = 0;
/** The table is off for now, or the writer lacks room for the word overrun: just write it. */
export const SKIPPED = -1;

/** Writes `s` (8 to 31 units) as a direct-length string from the table when it is known. */
export function writeKnownString(w: ByteWriter, s: string): number {
  if (bypassLeft > 0) {
    bypassLeft--;
    return SKIPPED;
  }
  const at = offsets.get(s);
  if (++probes === WINDOW) closeWindow();
  if (at === undefined) return UNKNOWN;
  const n = s.length;
  const p = w.pos;
  // One length byte, the units, and up to seven zero bytes past them (overwritten later).
  if (p + n + 8 > w.buf.length) return SKIPPED;
  hits++;
  w.buf[p] = n;
  const words = arena as Float64Array;
  const dv = w.dataView;
  const end = at + ((n + 7) >> 3);
  for (let i = at, q = p + 1; i < end; i++, q += 8) dv.setFloat64(q, words[i] as number, true);
  w.pos = p + 1 + n;
  return WRITTEN;
}

/**
 * Remembers `s`, which `writeKnownString` did not know, from the ASCII bytes the caller just
 * wrote at `w.buf[from]`. The writer must have room for the padding to a whole word after them.
 */
export function rememberString(w: ByteWriter, s: string, from: number): void {
  const n = s.length;
  const count = (n + 7) >> 3;
  if (arena === undefined) arena = new Float64Array(ARENA_WORDS);
  if (arenaTop + count > ARENA_WORDS || offsets.size >= MAX_ENTRIES) {
    offsets.clear();
    arenaTop = 0;
  }
  const b = w.buf;
  // The pad bytes lie past the writer's position: free space, zeroed so the last word is clean.
  for (let i = from + n; i < from + count * 8; i++) b[i] = 0;
  const dv = w.dataView;
  const words = arena;
  for (let i = 0; i < count; i++) words[arenaTop + i] = dv.getFloat64(from + i * 8, true);
  offsets.set(s, arenaTop);
  arenaTop += count;
}

function closeWindow(): void {
  if (hits < MIN_HITS) bypassLeft = BYPASS;
  probes = 0;
  hits = 0;
}

/** Empties the table and its statistics (tests). */
export function resetStringWords(): void {
  offsets.clear();
  arenaTop = 0;
  probes = 0;
  hits = 0;
  bypassLeft = 0;
}
