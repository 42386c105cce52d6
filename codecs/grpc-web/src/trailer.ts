import { DecodeError, EncodeError, encodeUtf8 } from "@tribridge/core";
import { type HeaderInput, Metadata } from "@tribridge/triple";

// The payload of a gRPC-Web trailer frame: HTTP/1-style header lines `name: value\r\n`,
// with no terminating empty line. Names are written in lower case; readers must accept any
// case (the Connect conformance suite sends `Grpc-Status`) and duplicate names.

const PROTOCOL = "grpc-web";

/** Serializes trailers as a header block (`name: value\r\n` per value). */
export function encodeTrailerBlock(trailers: HeaderInput | Metadata): Uint8Array {
  const m = trailers instanceof Metadata ? trailers : Metadata.from(trailers);
  let text = "";
  for (const [k, v] of m) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v) || k.includes(":")) {
      throw new EncodeError(`trailer ${JSON.stringify(k)} would break the header block`, {
        protocol: PROTOCOL,
        reason: "unencodable",
        offset: 0,
      });
    }
    text += `${k}: ${v}\r\n`;
  }
  return encodeUtf8(text);
}

/**
 * Parses a trailer block. Lines end in CRLF (a bare LF is tolerated); blank lines are
 * skipped; names are lower-cased and values trimmed. Bytes are read as Latin-1 so that no
 * input makes this throw except a line without a colon (`malformed`).
 */
export function decodeTrailerBlock(bytes: Uint8Array): Metadata {
  const m = new Metadata();
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    let lineEnd = i;
    if (lineEnd > lineStart && bytes[lineEnd - 1] === 0x0d) lineEnd--;
    if (lineEnd > lineStart) {
      let colon = -1;
      for (let j = lineStart; j < lineEnd; j++) {
        if (bytes[j] === 0x3a) {
          colon = j;
          break;
        }
      }
      if (colon <= lineStart) {
        throw new DecodeError("trailer line without a name and colon", {
          protocol: PROTOCOL,
          reason: "malformed",
          offset: lineStart,
        });
      }
      m.append(latin1(bytes, lineStart, colon).trim(), latin1(bytes, colon + 1, lineEnd).trim());
    }
    lineStart = i + 1;
  }
  return m;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}
