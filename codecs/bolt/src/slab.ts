/**
 * Small output buffers carved from a shared 16 KiB slab, as Node's Buffer pool does: V8
 * gives every typed array over 64 bytes its own off-heap store, which cost more than
 * writing a small frame or header map. Regions are never handed out twice, so a result
 * stays valid as long as anyone (a socket write queue) holds it; it shares `.buffer`.
 */
const SLAB_SIZE = 16384;
const SLAB_MAX = 2048;
let slab = new Uint8Array(SLAB_SIZE);
let slabPos = 0;

export function allocOut(n: number): Uint8Array {
  if (n > SLAB_MAX) return new Uint8Array(n);
  if (slabPos + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const out = slab.subarray(slabPos, slabPos + n);
  slabPos += (n + 7) & ~7;
  return out;
}
