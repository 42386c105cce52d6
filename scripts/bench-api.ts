/**
 * The shape every workspace's benchmark module exports (`<workspace>/bench/*.bench.ts`).
 * `scripts/bench.ts` imports them all, runs each case with tinybench and, when a case
 * names a peer (the library a user would otherwise pick), runs the peer in the same
 * process on the same input and prints the ratio ours/peer.
 */
export interface BenchCase {
  /** Stable name, `<codec>/<encode|decode>/<input>`, e.g. `hessian2/decode/pojo-list-1000`. */
  readonly name: string;
  /** Bytes processed by one call (the encoded size), for MB/s. */
  readonly bytes: number;
  /** One operation of ours. */
  readonly ours: () => unknown;
  /** The same operation done by the peer library, when one exists. */
  readonly peer?: { readonly name: string; readonly run: () => unknown };
}

export interface BenchModule {
  readonly cases: readonly BenchCase[] | (() => Promise<readonly BenchCase[]>);
}
