/** Up to this many entries a linear scan beats hashing, and clearing costs nothing. */
const LINEAR_MAX = 16;

/**
 * The encoder's per-stream numbering (values written, class definitions, type names): each
 * new key takes the next index. Most RPC bodies hold a handful of keys, where a Map cost
 * more than the encoding itself: `Map.clear` allocates a fresh table on every `finish`
 * (~10% of hessian2/encode/rpc-args). So small tables are an array scanned by identity,
 * and a Map is built only once a stream outgrows it (lists of many objects).
 */
export class IndexTable<K> {
  // Slots past `count` are undefined: `clear` empties the used ones in place, so a stream
  // costs no new array (growing a fresh `[]` by push was ~3% of hessian2/encode/rpc-args).
  private readonly keys: (K | undefined)[] = new Array(LINEAR_MAX).fill(undefined);
  private count = 0;
  private map: Map<K, number> | undefined = undefined;

  get size(): number {
    return this.count;
  }

  /** The key's index, or -1 when it has none yet. */
  find(key: K): number {
    const map = this.map;
    if (map !== undefined) {
      const index = map.get(key);
      return index === undefined ? -1 : index;
    }
    const keys = this.keys;
    for (let i = 0; i < this.count; i++) if (keys[i] === key) return i;
    return -1;
  }

  /** Gives a key that has no index yet the next one. */
  add(key: K): number {
    const index = this.count++;
    if (this.map !== undefined) this.map.set(key, index);
    else if (index < LINEAR_MAX) this.keys[index] = key;
    else {
      const map = new Map<K, number>();
      for (let i = 0; i < LINEAR_MAX; i++) map.set(this.keys[i] as K, i);
      map.set(key, index);
      this.map = map;
    }
    return index;
  }

  /** Forgets every key (and drops them, so an idle encoder keeps no caller values alive). */
  clear(): void {
    const n = Math.min(this.count, LINEAR_MAX);
    for (let i = 0; i < n; i++) this.keys[i] = undefined;
    this.count = 0;
    this.map = undefined;
  }
}
