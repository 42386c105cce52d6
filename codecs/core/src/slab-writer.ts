import { ByteWriter } from "./byte-writer.js";
import { EncodeError } from "./errors.js";

/** Size of the shared slabs small outputs are written into (Node's Buffer pool uses 8 KiB too). */
const SLAB_SIZE = 8192;
/** Outputs that grow past this leave the slab for the writer's own buffer. */
const SLAB_OUTPUT_MAX = 1024;

// The shared slab and its first free byte. A writer takes it (`slabTaken`) for the length of
// one output, so two writers never write into the same free space; a writer that finds it
// taken (a nested encode) or full starts a fresh slab. Taking and returning it only flips the
// flag: a writer that finds the slab it already points at stores no object field, and stores
// of a young slab into long-lived objects each cost a write-barrier call (~50 instructions,
// six per output before; hessian2/encode/rpc-args).
let freeSlab: Uint8Array | undefined;
let slabTaken = false;
let freeSlabView: DataView | undefined;
// Its ArrayBuffer, kept rather than read back through `.buffer`, a runtime call per output.
let freeSlabBuffer: ArrayBuffer | undefined;
let freeSlabPos = 0;

const DETACHED = new Uint8Array(0);
const DETACHED_VIEW = new DataView(DETACHED.buffer);

/**
 * A `ByteWriter` that writes small outputs straight into a shared 8 KiB slab and hands them
 * out as views (`finishShared`), so a small message costs no copy and no allocation beyond
 * the view (`ByteWriter.finishPooled` copies into its slab: ~6% of hessian2/encode/rpc-args).
 * Once a view is handed out, no writer ever writes into its bytes again: the slab's free
 * space starts after it, as Node's `Buffer` pool does. Outputs above 1 KiB move to the
 * writer's own growable buffer and are returned as right-sized copies. (An output that fits
 * the free space of its slab stays there whatever its size, up to the 8 KiB of the slab.)
 *
 * The output occupies `buf[start, pos)`. Unlike `ByteWriter`, `ensure` may move the content
 * (changing `start` and `pos`), so a position kept across it must be kept relative to
 * `start`; `length` is the output size. `u8`..`raw` and direct writes to `buf` after
 * `ensure(n)` work as with `ByteWriter`.
 */
export class SlabWriter extends ByteWriter {
  /** Offset of the output's first byte in `buf`. */
  start = 0;
  // The writer's own buffer for outputs too large for a slab, kept for reuse.
  private own: Uint8Array;
  private ownView: DataView;
  // Whether `buf` is a checked-out slab (else it is `own`, or detached between outputs).
  private onSlab = false;
  // The last output went to `own`: start the next one there (lists of many objects) instead
  // of outgrowing a slab and copying once more.
  private large = false;
  // A limit below the slab size is enforced by the own buffer's capacity, as in ByteWriter
  // (writes check the capacity, not the limit), so such a writer never takes a slab.
  private readonly slabs: boolean;
  // The ArrayBuffer of `buf` while it is a slab.
  private slabBuffer: ArrayBuffer = DETACHED.buffer as ArrayBuffer;

  // Between outputs: no output is open (`pos` and `start` then sit at the end of `buf`, so any
  // write goes through `ensure`); `buf` keeps pointing at the last buffer used.
  private idle = true;

  constructor(protocol: string, initialCapacity = 256, maxBytes = 0x7fff_ffff) {
    super(protocol, 0, maxBytes);
    this.slabs = maxBytes >= SLAB_SIZE;
    this.large = !this.slabs;
    this.own = new Uint8Array(Math.min(Math.max(initialCapacity, 64), maxBytes));
    this.ownView = new DataView(this.own.buffer);
    this.buf = DETACHED;
    this.dataView = DETACHED_VIEW;
  }

  /** Bytes in the output so far. */
  get length(): number {
    return this.pos - this.start;
  }

  /** Makes room for `n` more bytes; the content may move (see the class comment). */
  override ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const size = this.pos - this.start;
    const required = size + n;
    if (required > this.maxBytes) {
      throw new EncodeError(`output would exceed ${this.maxBytes} bytes`, {
        protocol: this.protocol,
        reason: "limit-exceeded",
        offset: size,
      });
    }
    if (this.idle && !this.large && required <= SLAB_OUTPUT_MAX) {
      this.checkOut(required);
      return;
    }
    if (this.onSlab && required <= SLAB_OUTPUT_MAX) {
      // The slab is full: carry on at the start of a fresh one (the old one stays with the
      // views already carved from it).
      // The shared slab this output leaves is full for later outputs too.
      if (this.buf === freeSlab) {
        slabTaken = false;
        freeSlabPos = SLAB_SIZE;
      }
      const ab = new ArrayBuffer(SLAB_SIZE);
      const slab = new Uint8Array(ab);
      slab.set(this.buf.subarray(this.start, this.pos));
      this.buf = slab;
      this.dataView = new DataView(ab);
      this.slabBuffer = ab;
      this.start = 0;
      this.pos = size;
      return;
    }
    this.moveToOwn(size, required);
  }

  private checkOut(required: number): void {
    const slab = freeSlab;
    let at = freeSlabPos;
    if (slab !== undefined && !slabTaken && at + required <= SLAB_SIZE) {
      slabTaken = true;
      if (this.buf !== slab) {
        this.buf = slab;
        this.dataView = freeSlabView as DataView;
        this.slabBuffer = freeSlabBuffer as ArrayBuffer;
      }
    } else {
      const ab = new ArrayBuffer(SLAB_SIZE);
      this.buf = new Uint8Array(ab);
      this.dataView = new DataView(ab);
      this.slabBuffer = ab;
      at = 0;
    }
    this.start = at;
    this.pos = at;
    this.onSlab = true;
    this.idle = false;
  }

  private moveToOwn(size: number, required: number): void {
    let own = this.own;
    if (required > own.length) {
      let capacity = Math.max(own.length * 2, 64);
      while (capacity < required) capacity *= 2;
      own = new Uint8Array(Math.min(capacity, Math.max(required, this.maxBytes)));
      this.ownView = new DataView(own.buffer);
    }
    if (size > 0) own.set(this.buf.subarray(this.start, this.pos));
    if (this.onSlab) this.giveBack(this.start);
    this.own = own;
    this.buf = own;
    this.dataView = this.ownView;
    this.start = 0;
    this.pos = size;
    this.idle = false;
  }

  /** Returns the checked-out slab with its free space starting at `from`. */
  private giveBack(from: number): void {
    this.onSlab = false;
    const aligned = (from + 7) & ~7; // 8-byte aligned, so a Float64Array over a result stays legal
    if (this.buf === freeSlab) {
      slabTaken = false;
      freeSlabPos = aligned;
      return;
    }
    // A slab of this writer's own (the shared one was taken or full): it becomes the shared
    // one when there is none, or when the shared one is free and has less room.
    if (freeSlab === undefined || (!slabTaken && aligned < freeSlabPos)) {
      freeSlab = this.buf;
      freeSlabView = this.dataView;
      freeSlabBuffer = this.slabBuffer;
      freeSlabPos = aligned;
      slabTaken = false;
    }
  }

  private detach(): void {
    this.start = this.buf.length;
    this.pos = this.start;
    this.idle = true;
  }

  /** The output so far, without copying. */
  override view(): Uint8Array {
    return this.buf.subarray(this.start, this.pos);
  }

  /** A right-sized copy of the output, which is then dropped. */
  override finish(): Uint8Array {
    const out = this.buf.slice(this.start, this.pos);
    this.reset();
    return out;
  }

  /**
   * The output, without a copy when it is on a slab: a view with a non-zero `byteOffset`
   * that shares `.buffer` with other outputs (read it through its offset, never through
   * `.buffer` alone). Its bytes are the caller's; no writer touches them again.
   */
  finishShared(): Uint8Array {
    const buf = this.buf;
    const start = this.start;
    const end = this.pos;
    if (this.onSlab) {
      // The constructor over the slab's ArrayBuffer (a slab starts at offset 0): half the cost
      // of `subarray`, which looks up a species constructor.
      const out = new Uint8Array(this.slabBuffer, start, end - start);
      this.giveBack(end);
      this.detach();
      this.large = false;
      return out;
    }
    this.large = !this.slabs || end - start > SLAB_OUTPUT_MAX;
    this.detach();
    return this.large ? buf.slice(start, end) : copyToSlab(buf, start, end);
  }

  /** Same as `finishShared`: this writer's outputs are already pooled. */
  override finishPooled(): Uint8Array {
    return this.finishShared();
  }

  override patchU32(offset: number, v: number): void {
    this.dataView.setUint32(this.start + offset, v);
  }

  /** Drops the output so far; a checked-out slab goes back unchanged. */
  override reset(): void {
    if (this.onSlab) this.giveBack(this.start);
    this.detach();
  }
}

/** A small output that ended up in a writer's own buffer (it started there), copied onto a slab. */
function copyToSlab(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  let ab = freeSlabBuffer;
  let at = freeSlabPos;
  if (freeSlab === undefined || ab === undefined || slabTaken || at + n > SLAB_SIZE) {
    // The shared slab is full, or taken by a writer (which keeps it; it no longer is the shared one).
    ab = new ArrayBuffer(SLAB_SIZE);
    freeSlab = new Uint8Array(ab);
    freeSlabView = new DataView(ab);
    freeSlabBuffer = ab;
    slabTaken = false;
    at = 0;
  }
  const out = new Uint8Array(ab, at, n);
  out.set(src.subarray(start, end));
  freeSlabPos = (at + n + 7) & ~7;
  return out;
}
