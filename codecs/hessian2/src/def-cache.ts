import type { ClassDef, DecodeState } from "./decode-state.js";

/**
 * Class definitions seen before, shared by every decoder of one dialect. An RPC peer sends
 * the same few definitions at the start of every message; matching their raw bytes (a
 * ~60-byte compare) replaces decoding seven strings and building the definition, which was
 * half the time of hessian2/decode/pojo (one User per message).
 *
 * The bytes after the 'C' (or draft 'O') tag fully determine the definition (parsing reads
 * no stream state), so equal bytes mean an equal, immutable ClassDef. A direct-mapped table:
 * bounded memory, and hostile streams of ever-new definitions only overwrite slots.
 */
const SLOTS = 256;
const MAX_RAW = 1024;
const HASHED = 24;

class Entry {
  /** The definition's bytes, four to a word (big-endian, the last word zero-padded): half the loads of a byte compare. */
  readonly words: Int32Array;
  readonly length: number;
  readonly def: ClassDef;
  /** Longest name in UTF-16 units, so a stricter `maxStringLength` still rejects it. */
  readonly longestName: number;

  constructor(bytes: Uint8Array, start: number, length: number, def: ClassDef) {
    const words = new Int32Array((length + 3) >> 2);
    for (let i = 0; i < length; i++) words[i >> 2] |= (bytes[start + i] as number) << (24 - 8 * (i & 3));
    this.words = words;
    this.length = length;
    this.def = def;
    let longestName = def.className.length;
    for (const f of def.fieldNames) if (f.length > longestName) longestName = f.length;
    this.longestName = longestName;
  }
}

/**
 * The slots, and the entry matched last: a peer usually sends one definition per message
 * (the envelope's, or the one argument's), so trying that entry first skips the hash, and a
 * miss there costs one word compare before the hashed lookup.
 */
export class DefTable {
  readonly slots: (Entry | undefined)[] = new Array<Entry | undefined>(SLOTS).fill(undefined);
  last: Entry | undefined = undefined;
}

export function newDefTable(): DefTable {
  return new DefTable();
}

/** How many definitions `table` holds (for tests: it never exceeds its slot count). */
export function cachedDefinitions(table: DefTable): number {
  let n = 0;
  for (const e of table.slots) if (e !== undefined) n++;
  return n;
}

/** Whether `e` holds the bytes at `start` and its definition is within the limits of this stream. */
function matches(e: Entry, s: DecodeState, bytes: Uint8Array, start: number): boolean {
  const n = e.length;
  if (n > s.r.end - start) return false;
  const words = e.words;
  const full = n >> 2;
  let p = start;
  for (let k = 0; k < full; k++, p += 4) {
    const w =
      ((bytes[p] as number) << 24) |
      ((bytes[p + 1] as number) << 16) |
      ((bytes[p + 2] as number) << 8) |
      (bytes[p + 3] as number);
    if (w !== words[k]) return false;
  }
  const rest = n & 3;
  if (rest !== 0) {
    let w = (bytes[p] as number) << 24;
    if (rest > 1) w |= (bytes[p + 1] as number) << 16;
    if (rest > 2) w |= (bytes[p + 2] as number) << 8;
    if (w !== words[full]) return false;
  }
  const limits = s.limits;
  return e.longestName <= limits.maxStringLength && e.def.fieldNames.length <= limits.maxCollectionLength;
}

/** The definition starting at the reader's position (just after its tag), from the table or from `parse`. */
export function cachedClassDef(s: DecodeState, table: DefTable, parse: (s: DecodeState) => ClassDef): ClassDef {
  const r = s.r;
  const bytes = r.bytes;
  const start = r.pos;
  const last = table.last;
  if (last !== undefined && matches(last, s, bytes, start)) {
    r.pos = start + last.length;
    return last.def;
  }
  const n = Math.min(r.end - start, HASHED);
  let h = 0x811c9dc5;
  let i = 0;
  // A word of four bytes per multiply: a quarter of the multiplies of a byte-wise FNV.
  for (; i + 4 <= n; i += 4) {
    const word =
      ((bytes[start + i] as number) << 24) |
      ((bytes[start + i + 1] as number) << 16) |
      ((bytes[start + i + 2] as number) << 8) |
      (bytes[start + i + 3] as number);
    h = Math.imul(h ^ word, 0x01000193);
  }
  for (; i < n; i++) h = Math.imul(h ^ (bytes[start + i] as number), 0x01000193);
  const slot = (h ^ (h >>> 16)) & (SLOTS - 1);
  const e = table.slots[slot];
  if (e !== undefined && e !== last && matches(e, s, bytes, start)) {
    r.pos = start + e.length;
    table.last = e;
    return e.def;
  }
  const def = parse(s);
  const length = r.pos - start;
  if (length <= MAX_RAW) {
    const entry = new Entry(bytes, start, length, def);
    table.slots[slot] = entry;
    table.last = entry;
  }
  return def;
}
