import { ByteReader, ByteWriter, DecodeError, decodeUtf8, encodeUtf8, writeUtf8 } from "@tribridge/core";

// Just enough of the protobuf wire format for the few messages this codec owns
// (google.rpc.Status, google.protobuf.Any, the Triple wrappers). Pulling in a protobuf
// runtime for three messages would tie every user to its version.

export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

/** Writes protobuf fields; wraps a core ByteWriter. */
export class ProtoWriter {
  readonly w: ByteWriter;

  constructor(protocol: string, initialCapacity = 128) {
    this.w = new ByteWriter(protocol, initialCapacity);
  }

  varint(v: number): void {
    // Negative int32 values are sign-extended to 64 bits: ten bytes, as protoc writes them.
    if (v < 0) {
      let lo = v >>> 0;
      let hi = 0xffff_ffff;
      for (let i = 0; i < 9; i++) {
        this.w.u8((lo & 0x7f) | 0x80);
        lo = (lo >>> 7) | ((hi & 0x7f) << 25);
        hi >>>= 7;
      }
      this.w.u8(1);
      return;
    }
    while (v > 0x7f) {
      this.w.u8((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.w.u8(v);
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, WireType.LEN);
    this.varint(bytes.length);
    this.w.raw(bytes);
  }

  stringField(field: number, text: string): void {
    this.tag(field, WireType.LEN);
    // Length first needs the UTF-8 size; ASCII (the common case: class and type names) is 1:1.
    if (isAscii(text)) {
      this.varint(text.length);
      writeUtf8(this.w, text);
      return;
    }
    const utf8 = encodeUtf8(text);
    this.varint(utf8.length);
    this.w.raw(utf8);
  }

  int32Field(field: number, v: number): void {
    this.tag(field, WireType.VARINT);
    this.varint(v);
  }

  finish(): Uint8Array {
    return this.w.finish();
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Reads protobuf fields one by one; unknown fields are skipped by the caller via `skip`. */
export class ProtoReader {
  readonly r: ByteReader;
  wireType = 0;

  constructor(bytes: Uint8Array, protocol: string) {
    this.r = new ByteReader(bytes, protocol);
  }

  /** The next field number, or 0 at the end. */
  next(): number {
    if (this.r.remaining === 0) return 0;
    const at = this.r.pos;
    const key = this.varint64();
    const field = Math.floor(key / 8);
    this.wireType = key % 8;
    if (field === 0 || field > 0x1fff_ffff) this.r.fail("malformed", `invalid field number ${field}`, at);
    return field;
  }

  /** A varint as a JS number (exact up to 2^53, which covers every length and tag). */
  varint64(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.r.u8();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    return this.r.fail("malformed", "varint longer than 10 bytes");
  }

  /** An int32 field: the low 32 bits of the varint, signed. */
  int32(): number {
    this.expect(WireType.VARINT);
    let lo = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.r.u8();
      if (shift < 32) lo |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) return lo | 0;
    }
    return this.r.fail("malformed", "varint longer than 10 bytes");
  }

  bytes(): Uint8Array {
    this.expect(WireType.LEN);
    const at = this.r.pos;
    const n = this.varint64();
    if (n > this.r.remaining) this.r.fail("truncated", `field of ${n} bytes, ${this.r.remaining} left`, at);
    return this.r.bytesView(n);
  }

  string(): string {
    const at = this.r.pos;
    const b = this.bytes();
    try {
      return decodeUtf8(b);
    } catch (cause) {
      throw new DecodeError("string field is not valid UTF-8", {
        protocol: this.r.protocol,
        reason: "bad-utf8",
        offset: at,
        cause,
      });
    }
  }

  skip(): void {
    switch (this.wireType) {
      case WireType.VARINT:
        this.varint64();
        return;
      case WireType.I64:
        this.r.skip(8);
        return;
      case WireType.LEN: {
        const n = this.varint64();
        this.r.skip(n);
        return;
      }
      case WireType.I32:
        this.r.skip(4);
        return;
      default:
        this.r.fail("unsupported", `wire type ${this.wireType} (groups are not supported)`);
    }
  }

  private expect(wireType: number): void {
    if (this.wireType !== wireType) {
      this.r.fail("malformed", `wire type ${this.wireType} where ${wireType} was expected`);
    }
  }
}
