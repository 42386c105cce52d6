import { EncodeError } from "./errors.js";

const EMPTY = new Uint8Array(0);

/**
 * A growable big-endian byte buffer. Capacity doubles, so encoding n bytes costs
 * O(n) amortised. `finish()` returns a copy sized to the content; `view()` returns
 * the content without copying (valid until the next write or reset).
 */
export class ByteWriter {
  buf: Uint8Array;
  dataView: DataView;
  pos = 0;
  readonly protocol: string;
  /** Hard ceiling on the output size; exceeding it throws `limit-exceeded`. */
  readonly maxBytes: number;

  constructor(protocol: string, initialCapacity = 256, maxBytes = 0x7fff_ffff) {
    this.protocol = protocol;
    this.maxBytes = maxBytes;
    this.buf = initialCapacity > 0 ? new Uint8Array(initialCapacity) : EMPTY;
    this.dataView = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const required = this.pos + n;
    if (required <= this.buf.length) return;
    if (required > this.maxBytes) {
      throw new EncodeError(`output would exceed ${this.maxBytes} bytes`, {
        protocol: this.protocol,
        reason: "limit-exceeded",
        offset: this.pos,
      });
    }
    let capacity = Math.max(this.buf.length * 2, 64);
    while (capacity < required) capacity *= 2;
    const next = new Uint8Array(Math.min(capacity, Math.max(required, this.maxBytes)));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dataView = new DataView(next.buffer);
  }

  u8(v: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.dataView.setUint16(this.pos, v);
    this.pos += 2;
  }

  i32(v: number): void {
    this.ensure(4);
    this.dataView.setInt32(this.pos, v);
    this.pos += 4;
  }

  u32(v: number): void {
    this.ensure(4);
    this.dataView.setUint32(this.pos, v);
    this.pos += 4;
  }

  i64(v: bigint): void {
    this.ensure(8);
    this.dataView.setBigInt64(this.pos, v);
    this.pos += 8;
  }

  f32(v: number): void {
    this.ensure(4);
    this.dataView.setFloat32(this.pos, v);
    this.pos += 4;
  }

  f64(v: number): void {
    this.ensure(8);
    this.dataView.setFloat64(this.pos, v);
    this.pos += 8;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Writes a big-endian uint32 at an earlier offset, for lengths known only after a body. */
  patchU32(offset: number, v: number): void {
    this.dataView.setUint32(offset, v);
  }

  /** The bytes written so far, without copying. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A right-sized copy of the bytes written so far; the writer is reset for reuse. */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  /**
   * Like `finish`, but outputs up to 1 KiB are carved from a shared 8 KiB slab, as Node's
   * Buffer pool does: the result may have a non-zero `byteOffset` and share `.buffer` with
   * other results. A typed array above 64 bytes is allocated off-heap, which cost ~1 µs per
   * call, more than encoding a small Hessian message (hessian2/encode/pojo).
   */
  finishPooled(): Uint8Array {
    const n = this.pos;
    if (n > POOLED_MAX) return this.finish();
    if (slabPos + n > SLAB_SIZE) {
      slab = new Uint8Array(SLAB_SIZE);
      slabPos = 0;
    }
    const out = slab.subarray(slabPos, slabPos + n);
    out.set(n === this.buf.length ? this.buf : this.buf.subarray(0, n));
    slabPos += (n + 7) & ~7; // 8-byte aligned, so a caller's Float64Array view over a result stays legal
    this.pos = 0;
    return out;
  }

  reset(): void {
    this.pos = 0;
  }
}

const SLAB_SIZE = 8192;
const POOLED_MAX = 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabPos = 0;
