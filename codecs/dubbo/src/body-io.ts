import { DecodeError, type DecodeLimits } from "@tribridge/core";
import { HessianDecoder, HessianEncoder, type HessianValue, JavaMap } from "@tribridge/hessian2";
import { PROTOCOL } from "./constants.js";

/**
 * Shared plumbing of request and response bodies: every top-level value of one message
 * goes through a single Hessian stream (class definitions and references carry over, as
 * in Dubbo's Hessian2ObjectOutput), and attachments are a String-keyed map.
 */

export interface BodyDecodeOptions {
  /** Bounds on the Hessian values inside the body. */
  readonly limits?: Partial<DecodeLimits>;
}

/** Attachments as the codec keeps them: the map exactly as decoded, or what the caller gave. */
export type Attachments = JavaMap;

/** A String-keyed record or map of attachments as a Hessian map ('H', Java's HashMap). */
export function toAttachments(
  input: Attachments | Readonly<Record<string, HessianValue>> | ReadonlyMap<string, HessianValue> | undefined,
): Attachments {
  if (input instanceof JavaMap) return input;
  const out = new JavaMap(null);
  if (input === undefined) return out;
  const entries = input instanceof Map ? input.entries() : Object.entries(input);
  for (const [k, v] of entries) if (v !== undefined) out.set(k, v);
  return out;
}

/** Attachments as a plain record (non-string keys are dropped: Java declares Map<String, Object>). */
export function attachmentsToRecord(map: Attachments | undefined): Record<string, HessianValue> {
  const out: Record<string, HessianValue> = Object.create(null);
  if (map === undefined) return out;
  for (const [k, v] of map.entries) if (typeof k === "string") out[k] = v;
  return out;
}

/** A reader over the body bytes of one frame, failing with `dubbo` errors for shape problems. */
export class BodyReader {
  private readonly decoder: HessianDecoder;
  private readonly streamOffset: number;

  constructor(bytes: Uint8Array, start: number, end: number, streamOffset: number, options?: BodyDecodeOptions) {
    this.decoder = new HessianDecoder(bytes, {
      offset: start,
      end,
      ...(options?.limits === undefined ? {} : { limits: options.limits }),
    });
    // Hessian offsets are relative to `bytes`; shift them to the stream for our own errors.
    this.streamOffset = streamOffset - start;
  }

  get hasMore(): boolean {
    return this.decoder.hasMore;
  }

  value(): HessianValue {
    return this.decoder.read();
  }

  fail(message: string): never {
    throw new DecodeError(message, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: this.streamOffset + this.decoder.pos,
    });
  }

  string(what: string): string {
    const v = this.value();
    if (typeof v !== "string") this.fail(`${what} must be a string, got ${describe(v)}`);
    return v;
  }

  /** Attachments: a map, or null / absent (old writers), which count as empty. */
  attachments(): Attachments {
    if (!this.hasMore) return new JavaMap(null);
    const v = this.value();
    if (v === null) return new JavaMap(null);
    if (!(v instanceof JavaMap)) this.fail(`attachments must be a map, got ${describe(v)}`);
    return v;
  }

  end(): void {
    if (this.hasMore) this.fail("bytes left after the last value of the body");
  }
}

export function describe(v: HessianValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return v.constructor.name;
  return typeof v;
}

export function newEncoder(maxBytes: number | undefined): HessianEncoder {
  return new HessianEncoder(maxBytes === undefined ? undefined : { maxBytes });
}

/** Idle encoders by byte limit: a body is one short synchronous stream, so few are ever needed. */
const idleEncoders = new Map<number | undefined, HessianEncoder>();
const POOLED_LIMITS = 8;

/**
 * Encodes one body through a reused encoder (a fresh one per body, with its buffer and
 * tables, was a tenth of a small call's cost). `write` must not keep the encoder.
 */
export function encodeWith(maxBytes: number | undefined, write: (enc: HessianEncoder) => void): Uint8Array {
  const pooled = idleEncoders.get(maxBytes);
  const enc = pooled ?? newEncoder(maxBytes);
  if (pooled !== undefined) idleEncoders.delete(maxBytes); // busy: a nested body gets its own
  try {
    write(enc);
    return enc.finish();
  } catch (e) {
    enc.reset();
    throw e;
  } finally {
    if (idleEncoders.size < POOLED_LIMITS || idleEncoders.has(maxBytes)) idleEncoders.set(maxBytes, enc);
  }
}
