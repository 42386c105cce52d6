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
const SLOTS = 512;
const SLOT_BITS = 9;
/** The direct string tags carry at most 31 units, so every such string fits a slot. */
const SLOT_BYTES = 32;
const values: string[] = new Array<string>(SLOTS).fill("");
/** Each slot's bytes, compared as bytes: reading the cached string unit by unit cost twice as much. */
const keyBytes = new Uint8Array(SLOTS * SLOT_BYTES);
/** Length of each slot's key; -1 while empty (the empty string never reaches the table). */
const keyLengths = new Int8Array(SLOTS).fill(-1);

/**
 * `units` (at most 31) UTF-16 units of CESU-8 at the reader's position: the table's string
 * when the slot holds the same bytes (only ASCII strings enter, so those bytes are ASCII),
 * otherwise decoded by core, which also reports every malformed or truncated input exactly
 * as without the table.
 */
export function readShortString(r: HessianReader, units: number): string {
  const bytes = r.bytes;
  const start = r.pos;
  if (units === 0) return "";
  if (units > r.end - start) return readCesu8Chars(r, units);
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
  const slot = h >>> (32 - SLOT_BITS);
  const base = slot * SLOT_BYTES;
  if (keyLengths[slot] === units) {
    let i = 0;
    while (i < units && keyBytes[base + i] === bytes[start + i]) i++;
    if (i === units) {
      r.pos = start + units;
      return values[slot] as string;
    }
  }
  const value = readCesu8Chars(r, units);
  // One byte per unit means ASCII: only such strings may enter, as the compare above needs.
  if (r.pos - start === units) {
    for (let i = 0; i < units; i++) keyBytes[base + i] = bytes[start + i] as number;
    keyLengths[slot] = units;
    values[slot] = value;
  }
  return value;
}
