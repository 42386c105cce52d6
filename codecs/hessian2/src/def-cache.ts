import { bytesEqual } from "./bytes-equal.js";
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

interface Entry {
  readonly raw: Uint8Array;
  readonly def: ClassDef;
  /** Longest name in UTF-16 units, so a stricter `maxStringLength` still rejects it. */
  readonly longestName: number;
}

export type DefTable = (Entry | undefined)[];

export function newDefTable(): DefTable {
  return new Array<Entry | undefined>(SLOTS).fill(undefined);
}

/** The definition starting at the reader's position (just after its tag), from the table or from `parse`. */
export function cachedClassDef(s: DecodeState, table: DefTable, parse: (s: DecodeState) => ClassDef): ClassDef {
  const r = s.r;
  const bytes = r.bytes;
  const start = r.pos;
  const avail = r.end - start;
  const n = Math.min(avail, HASHED);
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
  const e = table[slot];
  if (e !== undefined && e.raw.length <= avail) {
    const raw = e.raw;
    const limits = s.limits;
    if (
      bytesEqual(raw, 0, bytes, start, raw.length) &&
      e.longestName <= limits.maxStringLength &&
      e.def.fieldNames.length <= limits.maxCollectionLength
    ) {
      r.pos = start + raw.length;
      return e.def;
    }
  }
  const def = parse(s);
  const length = r.pos - start;
  if (length <= MAX_RAW) {
    let longestName = def.className.length;
    for (const f of def.fieldNames) if (f.length > longestName) longestName = f.length;
    table[slot] = { raw: bytes.slice(start, r.pos), def, longestName };
  }
  return def;
}
