import type { DecodeState } from "./decode-state.js";
import { type DecodeOptions, dialectOf, openState, readAllJsViews, readJsView, readModel } from "./decoder.js";
import { type EncodeOptions, HessianEncoder } from "./encoder.js";
import { HessianDecodeError } from "./errors.js";
import type { Dialect, HessianValue } from "./model.js";
import type { ToJsOptions } from "./to-js.js";

// One reusable encoder per dialect for one-shot calls: building a writer and its tables costs
// more than encoding a small argument list. `busy` keeps a re-entrant call off the shared one.
const pooled: Partial<Record<string, HessianEncoder>> = {};
let busy = false;

/** Encodes one value as a fresh stream. */
export function encode(value: unknown, options?: EncodeOptions): Uint8Array {
  const encoder = pooledEncoder(options);
  if (encoder === undefined) return new HessianEncoder(options).write(value).finish();
  busy = true;
  try {
    return encoder.write(value).finish();
  } catch (e) {
    encoder.reset();
    throw e;
  } finally {
    busy = false;
  }
}

/** Encodes several values through one stream (class definitions and references carry over, as in an RPC body). */
export function encodeAll(values: Iterable<unknown>, options?: EncodeOptions): Uint8Array {
  // Pooled as `encode` is: a fresh encoder per RPC body cost ~40% of hessian2/encode/rpc-args.
  const pooled = pooledEncoder(options);
  const encoder = pooled ?? new HessianEncoder(options);
  if (pooled !== undefined) busy = true;
  try {
    encoder.writeEach(values);
    return encoder.finish();
  } catch (e) {
    encoder.reset();
    throw e;
  } finally {
    if (pooled !== undefined) busy = false;
  }
}

/** The shared encoder for `options`, or undefined when the call needs its own (limits, or re-entrance). */
function pooledEncoder(options: EncodeOptions | undefined): HessianEncoder | undefined {
  if (busy) return undefined;
  if (
    options !== undefined &&
    (options.initialCapacity !== undefined || options.maxBytes !== undefined || options.maxDepth !== undefined)
  ) {
    return undefined;
  }
  const dialect = options?.dialect ?? "hessian2";
  let encoder = pooled[dialect];
  if (encoder === undefined) {
    encoder = new HessianEncoder({ dialect, initialCapacity: 1024 });
    pooled[dialect] = encoder;
  }
  return encoder;
}

// One decoder state kept for the one-shot calls below, taken while in use (so a call made
// while another runs, e.g. from a limits getter, gets its own) and emptied after each call.
let spareState: DecodeState | undefined;

function takeState(bytes: Uint8Array, options: DecodeOptions | undefined, dialect: Dialect): DecodeState {
  const spare = spareState;
  spareState = undefined;
  return openState(spare, bytes, options, dialect);
}

function returnState(s: DecodeState): void {
  s.release();
  // An idle pooled state keeps its reader, pointed away from the last caller's bytes.
  s.r.reset(NO_BYTES);
  spareState = s;
}

const NO_BYTES = new Uint8Array(0);

function rejectTrailing(s: DecodeState, dialect: Dialect): void {
  if (s.r.pos < s.r.end) {
    throw new HessianDecodeError("bytes left after the value; use HessianDecoder or decodeAll for several values", {
      protocol: dialect,
      reason: "malformed",
      offset: s.r.pos,
    });
  }
}

/** Decodes exactly one value (trailing bytes are an error) into the lossless model. */
export function decode(bytes: Uint8Array, options?: DecodeOptions): HessianValue {
  const dialect = dialectOf(options);
  const s = takeState(bytes, options, dialect);
  const value = readModel(s, dialect);
  rejectTrailing(s, dialect);
  returnState(s);
  return value;
}

/** Decodes every value until the end, sharing class definitions and references. */
export function decodeAll(bytes: Uint8Array, options?: DecodeOptions): HessianValue[] {
  const dialect = dialectOf(options);
  const s = takeState(bytes, options, dialect);
  const out: HessianValue[] = [];
  while (s.r.pos < s.r.end) out.push(readModel(s, dialect));
  returnState(s);
  return out;
}

/** Decodes exactly one value into the JS-friendly view (see `toJs`). */
export function decodeJs(bytes: Uint8Array, options?: DecodeOptions & ToJsOptions): unknown {
  const dialect = dialectOf(options);
  const s = takeState(bytes, options, dialect);
  const value = readJsView(s, dialect, options);
  rejectTrailing(s, dialect);
  returnState(s);
  return value;
}

/**
 * Decodes every value until the end into the JS-friendly view, sharing class definitions and
 * references (an RPC body's arguments); the one-shot form of `HessianDecoder.readJs` in a loop.
 */
export function decodeAllJs(bytes: Uint8Array, options?: DecodeOptions & ToJsOptions): unknown[] {
  const dialect = dialectOf(options);
  const s = takeState(bytes, options, dialect);
  const out = readAllJsViews(s, dialect, options);
  returnState(s);
  return out;
}

/**
 * Which dialect a SOFARPC Bolt body is in, from its first byte: a SofaRequest/SofaResponse
 * stream starts with a class definition, 'C' (0x43) in Hessian 2.0 and 'O' (0x4f) in the
 * 3.1 draft. Undefined for anything else (an empty body, or not a SOFA envelope).
 */
export function detectSofaDialect(first: number | Uint8Array): Dialect | undefined {
  const b = typeof first === "number" ? first : first.length > 0 ? first[0] : -1;
  return b === 0x43 ? "hessian2" : b === 0x4f ? "hessian3" : undefined;
}
