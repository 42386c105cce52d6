import { DecodeError } from "./errors.js";

// RFC 4648 base64, written by hand: the codecs keep `types: []`, so neither Buffer nor
// atob/btoa is in scope, and gRPC needs two things those lack anyway: a decoder that
// accepts padding in the middle of a stream (gRPC-Web text bodies are concatenations of
// independently padded chunks) and one that accepts both padded and unpadded `-bin`
// header values.

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const PAD = 0x3d; // '='

/** Sextet value of each byte; -1 = not base64. Both alphabets decode: senders mix them up. */
const SEXTET = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  SEXTET[STANDARD.charCodeAt(i)] = i;
  SEXTET[URL_SAFE.charCodeAt(i)] = i;
}

export interface Base64EncodeOptions {
  /** Append `=` to a multiple of 4 characters (default true). gRPC metadata is sent without. */
  readonly padding?: boolean;
  /** Use the URL-safe alphabet `-_` (default false). */
  readonly urlSafe?: boolean;
}

/** Encodes bytes as base64 text, never inserting line breaks (RFC 4648 §3.1). */
export function encodeBase64(bytes: Uint8Array, options?: Base64EncodeOptions): string {
  const alphabet = options?.urlSafe === true ? URL_SAFE : STANDARD;
  const padding = options?.padding !== false;
  const full = bytes.length - (bytes.length % 3);
  // Built in slices: string concatenation of short parts is fast in V8 and avoids the
  // argument-count limit of String.fromCharCode.apply on large inputs.
  let out = "";
  let part = "";
  for (let i = 0; i < full; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    part += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
    if (part.length >= 4096) {
      out += part;
      part = "";
    }
  }
  out += part;
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = (bytes[full] as number) << 16;
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (padding ? "==" : "");
  } else if (rest === 2) {
    const n = ((bytes[full] as number) << 16) | ((bytes[full + 1] as number) << 8);
    out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + (padding ? "=" : "");
  }
  return out;
}

/**
 * Decodes one base64 value, padded or not, standard or URL-safe alphabet, as gRPC requires
 * for `-bin` metadata ("MUST accept padded and unpadded"). Padding must sit at the end.
 * Throws a DecodeError (`malformed`) naming the offending character.
 */
export function decodeBase64(text: string, protocol = "base64"): Uint8Array {
  const pad = text.indexOf("=");
  if (pad >= 0 && pad < text.length - 2) {
    throw new DecodeError("padding in the middle of a single base64 value", {
      protocol,
      reason: "malformed",
      offset: pad,
    });
  }
  const decoder = new Base64StreamDecoder({ protocol, allowUnpaddedEnd: true });
  const out = decoder.push(text);
  const tail = decoder.end();
  if (tail.length === 0) return out;
  const joined = new Uint8Array(out.length + tail.length);
  joined.set(out);
  joined.set(tail, out.length);
  return joined;
}

export interface Base64StreamOptions {
  /** Protocol named in errors (default `base64`). */
  readonly protocol?: string;
  /**
   * Accept a final group of 2 or 3 characters without `=` at `end()` (default false:
   * gRPC-Web text bodies must be padded, and Envoy answers 400 when they are not).
   */
  readonly allowUnpaddedEnd?: boolean;
}

/**
 * Incremental base64 decoder. Chunks may be cut anywhere, including inside a 4-character
 * group or between the two `=` of a pad; a padded group ends one base64 run and the next
 * character starts another, so concatenated padded chunks decode as one byte stream.
 */
export class Base64StreamDecoder {
  readonly protocol: string;
  readonly allowUnpaddedEnd: boolean;
  /** Pending sextets of the current group (0..3 of them), most significant first. */
  private acc = 0;
  private count = 0;
  /** True after `xx=` until the second `=` arrives. */
  private expectPad = false;
  /** Characters consumed so far, for error offsets. */
  private consumed = 0;

  constructor(options?: Base64StreamOptions) {
    this.protocol = options?.protocol ?? "base64";
    this.allowUnpaddedEnd = options?.allowUnpaddedEnd === true;
  }

  /** Decodes as much of `chunk` (text, or ASCII bytes) as forms whole bytes. */
  push(chunk: string | Uint8Array): Uint8Array {
    const length = chunk.length;
    const out = new Uint8Array(Math.floor(((this.count + length) * 3) / 4) + 3);
    let o = 0;
    let i = 0;
    // Two copies of the same loop, one per input type, so each stays monomorphic: the
    // whole-group fast path runs at several hundred MB/s, the per-character step only
    // around padding and chunk edges.
    if (typeof chunk === "string") {
      while (i < length) {
        if (this.count === 0 && !this.expectPad) {
          while (i + 4 <= length) {
            const a = chunk.charCodeAt(i);
            const b = chunk.charCodeAt(i + 1);
            const c = chunk.charCodeAt(i + 2);
            const d = chunk.charCodeAt(i + 3);
            if ((a | b | c | d) > 0xff) break;
            const n =
              ((SEXTET[a] as number) << 18) |
              ((SEXTET[b] as number) << 12) |
              ((SEXTET[c] as number) << 6) |
              (SEXTET[d] as number);
            if (n < 0) break;
            out[o++] = n >> 16;
            out[o++] = (n >> 8) & 0xff;
            out[o++] = n & 0xff;
            i += 4;
          }
          if (i >= length) break;
        }
        o = this.step(chunk.charCodeAt(i), i, out, o);
        i++;
      }
    } else {
      while (i < length) {
        if (this.count === 0 && !this.expectPad) {
          while (i + 4 <= length) {
            const n =
              ((SEXTET[chunk[i] as number] as number) << 18) |
              ((SEXTET[chunk[i + 1] as number] as number) << 12) |
              ((SEXTET[chunk[i + 2] as number] as number) << 6) |
              (SEXTET[chunk[i + 3] as number] as number);
            if (n < 0) break;
            out[o++] = n >> 16;
            out[o++] = (n >> 8) & 0xff;
            out[o++] = n & 0xff;
            i += 4;
          }
          if (i >= length) break;
        }
        o = this.step(chunk[i] as number, i, out, o);
        i++;
      }
    }
    this.consumed += length;
    return out.subarray(0, o);
  }

  /** One character outside the fast path; returns the new output position. */
  private step(ch: number, i: number, out: Uint8Array, o: number): number {
    if (this.expectPad) {
      if (ch !== PAD) this.fail(`expected "=" to complete padding, got ${describe(ch)}`, i);
      this.expectPad = false;
      return o;
    }
    const v = ch <= 0xff ? (SEXTET[ch] as number) : -1;
    if (v >= 0) {
      this.acc = (this.acc << 6) | v;
      if (++this.count === 4) {
        out[o++] = this.acc >> 16;
        out[o++] = (this.acc >> 8) & 0xff;
        out[o++] = this.acc & 0xff;
        this.acc = 0;
        this.count = 0;
      }
    } else if (ch === PAD) {
      if (this.count < 2) this.fail(`"=" after ${this.count} character(s) of a group`, i);
      if (this.count === 2) {
        out[o++] = this.acc >> 4;
        this.expectPad = true;
      } else {
        out[o++] = this.acc >> 10;
        out[o++] = (this.acc >> 2) & 0xff;
      }
      this.acc = 0;
      this.count = 0;
    } else {
      this.fail(`${describe(ch)} is not a base64 character`, i);
    }
    return o;
  }

  /**
   * Declares the end of the input. Returns the bytes of an unpadded final group when
   * `allowUnpaddedEnd` is set; throws `truncated` for a group cut short otherwise.
   */
  end(): Uint8Array {
    if (this.expectPad) this.fail("input ended between the two padding characters", 0, "truncated");
    const count = this.count;
    const acc = this.acc;
    this.acc = 0;
    this.count = 0;
    if (count === 0) return new Uint8Array(0);
    if (!this.allowUnpaddedEnd || count === 1) {
      this.fail(`input ended inside a group (${count} of 4 characters)`, 0, "truncated");
    }
    return count === 2 ? Uint8Array.of(acc >> 4) : Uint8Array.of(acc >> 10, (acc >> 2) & 0xff);
  }

  /** True when no partial group is pending (every byte pushed so far has been returned). */
  get aligned(): boolean {
    return this.count === 0 && !this.expectPad;
  }

  private fail(message: string, index: number, reason: "malformed" | "truncated" = "malformed"): never {
    throw new DecodeError(message, { protocol: this.protocol, reason, offset: this.consumed + index });
  }
}

function describe(ch: number): string {
  return ch >= 0x21 && ch <= 0x7e ? `"${String.fromCharCode(ch)}"` : `code ${ch}`;
}
