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
  private keys: K[] = [];
  private map: Map<K, number> | undefined = undefined;

  get size(): number {
    return this.keys.length;
  }

  /** The key's index, or -1 when it has none yet. */
  find(key: K): number {
    const map = this.map;
    if (map === undefined) return this.keys.indexOf(key);
    const index = map.get(key);
    return index === undefined ? -1 : index;
  }

  /** Gives a key that has no index yet the next one. */
  add(key: K): number {
    const keys = this.keys;
    const index = keys.length;
    keys.push(key);
    if (this.map !== undefined) this.map.set(key, index);
    else if (index >= LINEAR_MAX) this.map = new Map(keys.map((k, i) => [k, i]));
    return index;
  }

  /** Forgets every key (and drops them, so an idle encoder keeps no caller values alive). */
  clear(): void {
    if (this.keys.length === 0) return;
    // A new array: setting `length` is a runtime call that cost more than the allocation.
    this.keys = [];
    this.map = undefined;
  }
}
