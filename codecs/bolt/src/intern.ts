/**
 * Short ASCII strings decoded from frames repeat endlessly on one connection (class names,
 * header keys, service and method names). Decoding them again costs more than finding
 * them: a small table keyed by an FNV-1a hash of the bytes, checked byte by byte, returns
 * the string already made. Bounded, so hostile input cannot grow it; non-ASCII or long
 * strings go to the caller's decoder.
 */

const MAX_LENGTH = 96;
const MAX_ENTRIES = 2048;

interface Entry {
  readonly bytes: Uint8Array;
  readonly text: string;
}

const table = new Map<number, Entry>();

/** The ASCII string in `bytes[start, end)`, or undefined when it is long or not ASCII. */
export function internAscii(bytes: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n > MAX_LENGTH) return undefined;
  let h = 0x811c9dc5 ^ n;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80) return undefined;
    h = Math.imul(h ^ b, 0x01000193);
  }
  const e = table.get(h);
  if (e !== undefined && e.bytes.length === n) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (e.bytes[i] !== bytes[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return e.text;
  }
  const text = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  if (table.size < MAX_ENTRIES) table.set(h, { bytes: bytes.slice(start, end), text });
  return text;
}
