import { type CodecErrorOptions, type CodecErrorReason, DecodeError } from "./errors.js";

/** What a reader's `fail` throws: `DecodeError`, or a protocol's subclass of it. */
export type DecodeErrorClass = new (message: string, options: CodecErrorOptions) => DecodeError;

/**
 * A bounds-checked cursor over a byte array. Reads advance `pos`; running past `end`
 * throws a `DecodeError` with reason `truncated` that names the protocol and offset.
 * Multi-byte numbers are big-endian, as in every protocol tribridge speaks.
 */
export class ByteReader {
  /** The input; replaced only by `reset`. */
  bytes: Uint8Array;
  private dv: DataView | undefined;
  readonly protocol: string;
  /** Offset of the next byte to read, relative to `bytes`. */
  pos: number;
  /** One past the last readable byte; replaced only by `reset`. */
  end: number;
  /**
   * The class `fail` throws. A parameter rather than a subclass overriding `fail`: constructing
   * a derived class cost ~3x the base class (decoders made per message construct a reader each).
   */
  private readonly errorClass: DecodeErrorClass;

  constructor(
    bytes: Uint8Array,
    protocol: string,
    start = 0,
    end = bytes.length,
    errorClass: DecodeErrorClass = DecodeError,
  ) {
    if (start < 0 || end > bytes.length || start > end) {
      throw new RangeError(`reader window [${start}, ${end}) outside 0..${bytes.length}`);
    }
    this.bytes = bytes;
    this.dv = undefined;
    this.protocol = protocol;
    this.pos = start;
    this.end = end;
    this.errorClass = errorClass;
  }

  /**
   * Points this reader at a new input window, as a new reader over it would start (pooled
   * decoders reuse one reader: building one per small message showed in their profiles).
   * The window is checked as the constructor checks it.
   */
  reset(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (start < 0 || end > bytes.length || start > end) {
      throw new RangeError(`reader window [${start}, ${end}) outside 0..${bytes.length}`);
    }
    this.bytes = bytes;
    this.dv = undefined;
    this.pos = start;
    this.end = end;
  }

  /**
   * A DataView over `bytes`, made on first use: decoding a short message of small ints and
   * strings never needs one, and creating it was ~15% of hessian2/decode/small-args.
   */
  get view(): DataView {
    // Small Node Buffers live inside a shared pool: the view must start at byteOffset.
    this.dv ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.dv;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws `truncated` unless `n` more bytes can be read. */
  need(n: number): void {
    // The failure is a separate method so that this one stays small enough (at most 27 bytes
    // of bytecode) for V8 to inline at every call, whatever budget the caller has used up.
    if (this.end - this.pos < n) this.cutShort(n);
  }

  private cutShort(n: number): never {
    return this.fail("truncated", `needs ${n} more byte(s), ${this.end - this.pos} left`);
  }

  /** Throws a DecodeError for this reader's protocol, at `offset` (default: the current position). */
  fail(reason: CodecErrorReason, message: string, offset: number = this.pos): never {
    throw new this.errorClass(message, { protocol: this.protocol, reason, offset });
  }

  u8(): number {
    if (this.pos >= this.end) this.need(1);
    return this.bytes[this.pos++] as number;
  }

  /** Looks at the next byte without consuming it; -1 at the end. */
  peek(): number {
    return this.pos < this.end ? (this.bytes[this.pos] as number) : -1;
  }

  i8(): number {
    return (this.u8() << 24) >> 24;
  }

  // 16- and 32-bit ints are assembled from bytes: no DataView is needed for them, so short
  // messages never create one (hessian2/decode/pojo-list-1000 reads an int per double).
  u16(): number {
    this.need(2);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 2;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  i16(): number {
    return (this.u16() << 16) >> 16;
  }

  i32(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return ((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number);
  }

  u32(): number {
    return this.i32() >>> 0;
  }

  i64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  f32(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  /** The next `n` bytes as a view into the input (no copy); the caller decides whether to copy. */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return this.bytes.subarray(start, this.pos);
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
}
