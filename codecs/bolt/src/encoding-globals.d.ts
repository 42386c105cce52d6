// The WHATWG text codecs exist in Node, browsers, Deno and Bun alike. The codecs keep
// `types: []` so that no Node-only API leaks in; these are the only globals they use.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
