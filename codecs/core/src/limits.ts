/**
 * Bounds a decoder enforces on untrusted input. Every codec reads the subset it needs;
 * defaults are safe for a server that faces the network.
 */
export interface DecodeLimits {
  /** Largest input (frame body, message) accepted, in bytes. */
  readonly maxBytes: number;
  /** Deepest nesting of containers (lists, maps, objects). */
  readonly maxDepth: number;
  /** Most elements in one list or entries in one map. */
  readonly maxCollectionLength: number;
  /** Longest string, in UTF-16 code units. */
  readonly maxStringLength: number;
  /** Longest binary value, in bytes. */
  readonly maxBinaryLength: number;
  /** Most class definitions (or schema entries) in one stream. */
  readonly maxClassDefinitions: number;
  /** Most values that may be referenced back in one stream. */
  readonly maxReferences: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 128,
  maxCollectionLength: 1_000_000,
  maxStringLength: 8 * 1024 * 1024,
  maxBinaryLength: 8 * 1024 * 1024,
  maxClassDefinitions: 4096,
  maxReferences: 1_000_000,
});

/** Fills the limits a caller left out with the defaults, rejecting nonsense values early. */
export function resolveDecodeLimits(partial?: Partial<DecodeLimits>): DecodeLimits {
  if (partial === undefined) return DEFAULT_DECODE_LIMITS;
  const resolved = { ...DEFAULT_DECODE_LIMITS, ...partial };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`limit ${name} must be a non-negative safe integer, got ${String(value)}`);
    }
  }
  return Object.freeze(resolved);
}
