import { encodeUtf8 } from "./text.js";

// Percent-encoding as gRPC uses it for `grpc-message` (PROTOCOL-HTTP2.md): UTF-8 first,
// then every byte outside %x20-%x7E, and `%` itself, becomes `%XX`. Unlike
// encodeURIComponent, spaces and most punctuation stay readable, which is what peers
// (grpc-go, grpc-java) send. Decoding must never fail, per the same document.

const HEX = "0123456789ABCDEF";
const lenientUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

function isUnreserved(c: number): boolean {
  return c >= 0x20 && c <= 0x7e && c !== 0x25;
}

/** Percent-encodes `text` for a `grpc-message` header (upper-case hex digits). */
export function percentEncode(text: string): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    if (!isUnreserved(text.charCodeAt(i))) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = "";
  for (const b of encodeUtf8(text)) {
    out += isUnreserved(b) ? String.fromCharCode(b) : "%" + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

export interface PercentDecodeOptions {
  /** Turn `+` into a space, as form decoders (Netty's QueryStringDecoder) do. Default false. */
  readonly plusAsSpace?: boolean;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Decodes `%XX` sequences and reads the result as UTF-8. Never throws: a `%` not followed
 * by two hex digits is kept as is, and invalid UTF-8 becomes U+FFFD, so a peer's broken
 * message still reaches the user.
 */
export function percentDecode(text: string, options?: PercentDecodeOptions): string {
  const plusAsSpace = options?.plusAsSpace === true;
  if (text.indexOf("%") < 0 && !(plusAsSpace && text.indexOf("+") >= 0)) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && i + 2 < text.length) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    if (c === 0x2b && plusAsSpace) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // Non-ASCII text (not allowed on the wire, but seen): keep it as its UTF-8 bytes.
      const end = i + 1 < text.length && c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
      for (const b of encodeUtf8(text.slice(i, end))) bytes.push(b);
      i = end - 1;
    }
  }
  return lenientUtf8.decode(Uint8Array.from(bytes));
}
