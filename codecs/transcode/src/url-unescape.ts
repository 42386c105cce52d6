import { decodeUtf8, encodeUtf8 } from "@tribridge/core";

/**
 * URL unescaping as Envoy's grpc_json_transcoder does it (grpc-httpjson-transcoding,
 * percent_encoding.h): `%XX` with two hex digits becomes that byte, anything else stays as
 * written (a stray `%` is not an error). Which bytes are decoded depends on where the text
 * came from:
 *
 * - a single-segment path variable (`{id}`): every `%XX`;
 * - a multi-segment variable (`{name=shelves/*}`, `{path=**}`): per `UrlUnescapeSpec`,
 *   by default everything but the RFC 6570 reserved set (so `%2F` stays `%2F`);
 * - a query value: every `%XX`, and `+` as a space only when asked (form encoding).
 *
 * Decoded bytes must form UTF-8 (a string field cannot hold anything else); invalid
 * sequences throw a TypeError that the transcoder reports as INVALID_ARGUMENT.
 */
export type UrlUnescapeSpec = "all-characters-except-reserved" | "all-characters-except-slash" | "all-characters";

// RFC 6570 reserved characters: gen-delims and sub-delims.
const RESERVED = new Set(Array.from("!#$&'()*+,/:;=?@[]", (c) => c.charCodeAt(0)));

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

function kept(byte: number, spec: UrlUnescapeSpec): boolean {
  if (spec === "all-characters") return false;
  if (spec === "all-characters-except-slash") return byte === 0x2f;
  return RESERVED.has(byte);
}

export function urlUnescape(text: string, spec: UrlUnescapeSpec = "all-characters", plusAsSpace = false): string {
  // Fast path: nothing to decode (the common case for ids and names).
  if (!text.includes("%") && !(plusAsSpace && text.includes("+"))) return text;
  const bytes: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (plusAsSpace && c === 0x2b) {
      bytes.push(0x20);
      i++;
      continue;
    }
    if (c === 0x25 && i + 2 < text.length) {
      const h = hex(text.charCodeAt(i + 1));
      const l = hex(text.charCodeAt(i + 2));
      const b = (h << 4) | l;
      if (h >= 0 && l >= 0 && !kept(b, spec)) {
        bytes.push(b);
        i += 3;
        continue;
      }
    }
    if (c < 0x80) {
      bytes.push(c);
      i++;
    } else {
      // Raw non-ASCII text in the URL (not percent-encoded): keep its UTF-8 bytes.
      const ch = String.fromCodePoint(text.codePointAt(i) as number);
      for (const b of encodeUtf8(ch)) bytes.push(b);
      i += ch.length;
    }
  }
  return decodeUtf8(Uint8Array.from(bytes));
}
