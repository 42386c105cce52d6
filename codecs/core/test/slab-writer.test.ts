import { EncodeError, SlabWriter } from "@tribridge/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

function fill(w: SlabWriter, n: number, byte: number): void {
  for (let i = 0; i < n; i++) w.u8(byte);
}

describe("SlabWriter", () => {
  it("hands out small outputs as views that later outputs never overwrite", () => {
    const w = new SlabWriter("test");
    const other = new SlabWriter("test");
    const outs: Uint8Array[] = [];
    // Enough outputs to run through several slabs, from two writers taking turns.
    for (let i = 0; i < 300; i++) {
      const writer = i % 2 === 0 ? w : other;
      fill(writer, 50 + (i % 7), i & 0xff);
      outs.push(writer.finishShared());
    }
    outs.forEach((out, i) => {
      expect(out.length).toBe(50 + (i % 7));
      expect(out.every((b) => b === (i & 0xff))).toBe(true);
      expect(out.byteOffset % 8).toBe(0);
    });
    expect(new Set(outs.map((o) => o.buffer)).size).toBeGreaterThan(1);
  });

  it("property: outputs of interleaved writers never overlap, whatever their sizes, order and resets", () => {
    // Steps on three writers with outputs open at once: write n bytes, finish, or reset. Sizes
    // cross the slab's free space mid-output, the 1 KiB slab limit and the slab size.
    const step = fc.record({
      writer: fc.integer({ min: 0, max: 2 }),
      action: fc.constantFrom("write", "write", "write", "finish", "finish", "reset"),
      n: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 500, max: 1500 }), fc.constant(9000)),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const writers = [new SlabWriter("test"), new SlabWriter("test"), new SlabWriter("test", 16)];
        const open: number[][] = [[], [], []];
        const done: { out: Uint8Array; bytes: number[] }[] = [];
        let next = 1;
        for (const { writer, action, n } of steps) {
          const w = writers[writer] as SlabWriter;
          const mine = open[writer] as number[];
          if (action === "write") {
            for (let i = 0; i < n; i++) {
              const b = (next + i) & 0xff;
              w.u8(b);
              mine.push(b);
            }
            next += n;
          } else if (action === "finish") {
            done.push({ out: w.finishShared(), bytes: mine.splice(0) });
          } else {
            w.reset();
            mine.length = 0;
          }
          expect(w.length).toBe(mine.length);
        }
        for (const { out, bytes } of done) expect(Array.from(out)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps nested writers apart while one has a slab checked out", () => {
    const outer = new SlabWriter("test");
    fill(outer, 10, 1);
    const inner = new SlabWriter("test");
    fill(inner, 20, 2);
    const innerOut = inner.finishShared();
    fill(outer, 10, 1);
    const outerOut = outer.finishShared();
    expect(Array.from(innerOut)).toEqual(new Array(20).fill(2));
    expect(Array.from(outerOut)).toEqual(new Array(20).fill(1));
  });

  it("moves a growing output off the slab and returns a right-sized copy", () => {
    const w = new SlabWriter("test", 16);
    w.u32(0xdeadbeef);
    fill(w, 9000, 7); // more than a slab holds
    expect(w.length).toBe(9004);
    w.patchU32(0, 9000);
    const out = w.finishShared();
    expect(out.length).toBe(9004);
    expect(out.buffer.byteLength).toBe(9004);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0x23, 0x28]);
    expect(out.subarray(4).every((b) => b === 7)).toBe(true);
    // The next output starts in the writer's own buffer; a small one still comes back exact.
    fill(w, 5, 9);
    expect(Array.from(w.finishShared())).toEqual([9, 9, 9, 9, 9]);
  });

  it("reset drops the output, view and finish work on the current one", () => {
    const w = new SlabWriter("test");
    fill(w, 4, 1);
    w.reset();
    expect(w.length).toBe(0);
    w.u16(0x0102);
    expect(Array.from(w.view())).toEqual([1, 2]);
    const copy = w.finish();
    expect(Array.from(copy)).toEqual([1, 2]);
    expect(copy.buffer.byteLength).toBe(2);
    expect(w.length).toBe(0);
  });

  it("refuses to grow beyond maxBytes with the output size as offset", () => {
    const w = new SlabWriter("test", 4, 8);
    fill(w, 8, 0);
    try {
      w.u8(1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EncodeError);
      expect((e as EncodeError).reason).toBe("limit-exceeded");
      expect((e as EncodeError).offset).toBe(8);
    }
  });
});
