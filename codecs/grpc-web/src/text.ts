import { encodeBase64 } from "@tribridge/core";

/**
 * Text-mode encoding of one flush: each chunk is base64-encoded and padded on its own, as
 * Envoy does per frame. The body is then a concatenation of padded runs; decoders must
 * accept `=` mid-stream (our Base64StreamDecoder does; a one-shot `atob` of the whole body
 * does not).
 */
export function encodeTextChunk(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}

/**
 * Re-chunks a binary stream for text mode without mid-stream padding: holds back up to two
 * bytes so every emitted run is a multiple of three bytes; `end()` flushes the rest padded.
 * Useful when a peer's decoder (older grpc-web JS, some proxies) mishandles inner padding.
 */
export class AlignedTextEncoder {
  private carry: Uint8Array = new Uint8Array(0);

  push(bytes: Uint8Array): string {
    const all = this.carry.length === 0 ? bytes : concat(this.carry, bytes);
    const cut = all.length - (all.length % 3);
    this.carry = all.slice(cut);
    return encodeBase64(all.subarray(0, cut));
  }

  end(): string {
    const rest = this.carry;
    this.carry = new Uint8Array(0);
    return encodeBase64(rest);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
