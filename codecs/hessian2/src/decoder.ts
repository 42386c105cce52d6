import { DEFAULT_DECODE_LIMITS, type DecodeLimits, resolveDecodeLimits } from "@tribridge/core";
import {
  DecodeState,
  JS_LONG_AUTO,
  JS_LONG_BIGINT,
  JS_LONG_NUMBER,
  JS_LONG_STRING,
  JS_MAPS_AUTO,
  JS_MAPS_MAP,
  JS_MAPS_OBJECT,
} from "./decode-state.js";
import { HessianDecodeError, hessianReader } from "./errors.js";
import type { Dialect, HessianValue } from "./model.js";
import { readH3 } from "./read-h3.js";
import { readH4 } from "./read-h4.js";
import { readH4Js } from "./read-h4-js.js";
import { type ToJsOptions, toJs } from "./to-js.js";

export interface DecodeOptions {
  /** Byte dialect; default `hessian2` (final Hessian 2.0 as hessian-lite / Caucho 4 write it). */
  readonly dialect?: Dialect;
  /** Bounds on hostile input; missing entries take core's defaults. */
  readonly limits?: Partial<DecodeLimits>;
  /** Where the first value starts (default 0). */
  readonly offset?: number;
  /** One past the last byte to read (default `bytes.length`). */
  readonly end?: number;
  /** Return binary values as copies (default true) or as views into the input (fast, but they alias it). */
  readonly copyBinary?: boolean;
}

/**
 * Reads values one after another from one Hessian stream, keeping class definitions, type
 * names and value references across them (a Dubbo or SOFA body is several values written
 * through one output). After an error the stream state is undefined: start a new decoder.
 */
export class HessianDecoder {
  readonly dialect: Dialect;
  private readonly state: DecodeState;

  constructor(bytes: Uint8Array, options?: DecodeOptions) {
    this.dialect = dialectOf(options);
    this.state = openState(undefined, bytes, options, this.dialect);
  }

  /** Offset of the next unread byte. */
  get pos(): number {
    return this.state.r.pos;
  }

  get hasMore(): boolean {
    return this.state.r.pos < this.state.r.end;
  }

  /** The next value in the lossless model. */
  read(): HessianValue {
    return readModel(this.state, this.dialect);
  }

  /**
   * The next value in the JS-friendly view (see `toJs`). In `hessian2` it is read straight
   * into that view. Read a stream either with `read` or with `readJs`: after a `readJs`,
   * a back reference from a `read` to an earlier value gives that value's JS view.
   */
  readJs(options?: ToJsOptions): unknown {
    return readJsView(this.state, this.dialect, options);
  }
}

export function dialectOf(options: DecodeOptions | undefined): Dialect {
  const dialect = options?.dialect ?? "hessian2";
  if (dialect !== "hessian2" && dialect !== "hessian3") throw new TypeError(`unknown Hessian dialect ${dialect}`);
  return dialect;
}

/** A state at the start of the stream `bytes[offset, end)`: `reuse` (a released state) reopened, or a new one. */
export function openState(
  reuse: DecodeState | undefined,
  bytes: Uint8Array,
  options: DecodeOptions | undefined,
  dialect: Dialect,
): DecodeState {
  let limits = DEFAULT_DECODE_LIMITS;
  let start = 0;
  let end = bytes.length;
  let copyBinary = true;
  // No options (the usual one-shot call): nothing to resolve, and the default window is valid.
  if (options !== undefined) {
    if (options.limits !== undefined) limits = resolveDecodeLimits(options.limits);
    start = options.offset ?? 0;
    end = options.end ?? end;
    copyBinary = options.copyBinary ?? true;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > bytes.length || start > end) {
      throw new RangeError(`window [${start}, ${end}) outside 0..${bytes.length}`);
    }
  }
  if (end - start > limits.maxBytes) {
    throw new HessianDecodeError(`input of ${end - start} bytes exceeds ${limits.maxBytes}`, {
      protocol: dialect,
      reason: "limit-exceeded",
      offset: start,
    });
  }
  // A pooled state keeps its reader when the dialect matches (the reader names it in errors).
  if (reuse !== undefined && reuse.r.protocol === dialect) {
    reuse.r.reset(bytes, start, end);
    reuse.reopen(limits, copyBinary);
    return reuse;
  }
  const reader = hessianReader(bytes, dialect, start, end);
  if (reuse === undefined) return new DecodeState(reader, limits, copyBinary);
  reuse.r = reader;
  reuse.reopen(limits, copyBinary);
  return reuse;
}

/** The next value of the stream in the lossless model. */
export function readModel(s: DecodeState, dialect: Dialect): HessianValue {
  s.depth = 0;
  try {
    return dialect === "hessian3" ? readH3(s) : readH4(s);
  } catch (e) {
    throw wrapForeign(e, dialect, s.r.pos);
  }
}

/** The next value of the stream in the JS view (see `HessianDecoder.readJs`). */
export function readJsView(s: DecodeState, dialect: Dialect, options: ToJsOptions | undefined): unknown {
  // The draft dialect, and streams whose earlier values went into the model, convert after.
  if (dialect === "hessian3" || (s.refCount > 0 && !s.jsRefs)) return toJs(readModel(s, dialect), options);
  s.jsRefs = true;
  s.jsPendingLow = 0x7fffffff;
  s.jsPendingHit = false;
  // Without options (the usual call), the fields are set once per stream, not once per value
  // (five times per decode-js/rpc-args body).
  if (options !== undefined || !s.jsDefaultOptions) setJsOptions(s, options);
  s.depth = 0;
  try {
    return readH4Js(s);
  } catch (e) {
    throw wrapForeign(e, dialect, s.r.pos);
  }
}

/**
 * Every value until the end of a fresh stream in the JS view (`decodeAllJs`): as `readJsView`
 * in a loop, with the options read once for the lot and one handler for errors.
 */
export function readAllJsViews(s: DecodeState, dialect: Dialect, options: ToJsOptions | undefined): unknown[] {
  const r = s.r;
  const out: unknown[] = [];
  if (dialect === "hessian3") {
    while (r.pos < r.end) out.push(toJs(readModel(s, dialect), options));
    return out;
  }
  s.jsRefs = true;
  setJsOptions(s, options);
  try {
    while (r.pos < r.end) {
      s.jsPendingLow = 0x7fffffff;
      s.jsPendingHit = false;
      s.depth = 0;
      out.push(readH4Js(s));
    }
  } catch (e) {
    throw wrapForeign(e, dialect, r.pos);
  }
  return out;
}

/** The options as small ints on the state, so the reader tests fields, not strings in a bag. */
function setJsOptions(s: DecodeState, o: ToJsOptions | undefined): void {
  s.jsOptions = o;
  s.jsDefaultOptions = o === undefined;
  if (o === undefined) {
    s.jsLong = JS_LONG_AUTO;
    s.jsMaps = JS_MAPS_AUTO;
    s.jsBigDecimalString = true;
    s.jsEnumName = false;
    s.jsBigInteger = true;
    return;
  }
  const long = o.long;
  s.jsLong =
    long === "bigint"
      ? JS_LONG_BIGINT
      : long === "string"
        ? JS_LONG_STRING
        : long === "number"
          ? JS_LONG_NUMBER
          : JS_LONG_AUTO;
  const maps = o.maps ?? "auto";
  s.jsMaps = maps === "auto" ? JS_MAPS_AUTO : maps === "object" ? JS_MAPS_OBJECT : JS_MAPS_MAP;
  s.jsBigDecimalString = (o.bigDecimal ?? "string") === "string";
  s.jsEnumName = o.enums === "name";
  s.jsBigInteger = o.bigInteger !== "object";
}

/** Whatever escapes the readers must be a HessianDecodeError; anything else is a bug surfaced with an offset. */
function wrapForeign(e: unknown, dialect: Dialect, offset: number): unknown {
  if (e instanceof HessianDecodeError) return e;
  const message = e instanceof RangeError ? "input too deeply nested for the JS stack" : `internal error: ${String(e)}`;
  return new HessianDecodeError(message, {
    protocol: dialect,
    reason: e instanceof RangeError ? "limit-exceeded" : "malformed",
    offset,
    cause: e,
  });
}
