import { DecodeError } from "@tribridge/core";
import { Code, StatusError } from "./status.js";

/**
 * A message coding (`grpc-encoding`). Injectable: the codecs stay free of Node APIs, and a
 * transport on Node may register a `node:zlib` based one instead of the stream based
 * defaults. `decompress` must stop and throw (DecodeError `limit-exceeded`) as soon as the
 * output would pass `maxBytes`, without inflating the rest: a zip bomb costs the limit, not
 * the bomb.
 */
export interface Compression {
  readonly name: string;
  compress(data: Uint8Array): Promise<Uint8Array>;
  decompress(data: Uint8Array, maxBytes: number): Promise<Uint8Array>;
}

export const identity: Compression = {
  name: "identity",
  compress: (data) => Promise.resolve(data),
  decompress: (data, maxBytes) => {
    if (data.length > maxBytes) return Promise.reject(limitError("identity", data.length, maxBytes));
    return Promise.resolve(data);
  },
};

// The WHATWG compression streams (Node >= 18, browsers, Deno, Bun), typed locally instead of
// through a global declaration so the same source also compiles against @types/node.
interface ByteReadResult {
  readonly done: boolean;
  readonly value?: Uint8Array;
}
interface ByteStreamPair {
  readonly readable: {
    getReader(): { read(): Promise<ByteReadResult>; cancel(reason?: unknown): Promise<void> };
  };
  readonly writable: {
    getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> };
  };
}
type ByteStreamConstructor = new (format: string) => ByteStreamPair;
const streams = globalThis as unknown as {
  CompressionStream?: ByteStreamConstructor;
  DecompressionStream?: ByteStreamConstructor;
};

function limitError(name: string, size: number, maxBytes: number): DecodeError {
  return new DecodeError(`${name} message inflates past the limit of ${maxBytes} bytes (${size} so far)`, {
    protocol: "grpc-compression",
    reason: "limit-exceeded",
    offset: 0,
  });
}

async function pipe(ctor: ByteStreamConstructor, format: string, data: Uint8Array, maxBytes: number) {
  const pair = new ctor(format);
  const writer = pair.writable.getWriter();
  // Write without awaiting: the readable side must drain concurrently or backpressure stalls.
  const writing = writer.write(data).then(() => writer.close());
  writing.catch(() => {}); // the same failure surfaces on the reader
  const reader = pair.readable.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value === undefined) continue;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw limitError(format, total, maxBytes);
      }
      parts.push(value);
    }
  } catch (cause) {
    if (cause instanceof DecodeError) throw cause;
    throw new DecodeError(`corrupt ${format} data`, {
      protocol: "grpc-compression",
      reason: "malformed",
      offset: 0,
      cause,
    });
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/**
 * A coding backed by CompressionStream/DecompressionStream. gRPC's `deflate` is the zlib
 * format (RFC 1950), which is what the streams call `deflate` too.
 */
export function streamCompression(format: "gzip" | "deflate"): Compression {
  return {
    name: format,
    compress(data) {
      const ctor = streams.CompressionStream;
      if (ctor === undefined) return Promise.reject(new Error("CompressionStream is not available"));
      return pipe(ctor, format, data, Number.MAX_SAFE_INTEGER);
    },
    decompress(data, maxBytes) {
      const ctor = streams.DecompressionStream;
      if (ctor === undefined) return Promise.reject(new Error("DecompressionStream is not available"));
      return pipe(ctor, format, data, maxBytes);
    },
  };
}

export const gzip: Compression = streamCompression("gzip");
export const deflate: Compression = streamCompression("deflate");

/** Codings by name. `identity` is always present. */
export class CompressionRegistry {
  private readonly byName = new Map<string, Compression>();

  constructor(codings: Iterable<Compression> = [gzip, deflate]) {
    this.byName.set("identity", identity);
    for (const c of codings) this.byName.set(c.name.toLowerCase(), c);
  }

  get(name: string): Compression | undefined {
    return this.byName.get(name.trim().toLowerCase());
  }

  /** Names for a `grpc-accept-encoding` header, e.g. `gzip,deflate,identity`. */
  acceptEncoding(): string {
    return [...this.byName.keys()]
      .filter((n) => n !== "identity")
      .concat("identity")
      .join(",");
  }

  /**
   * The coding to compress responses with: the request's own coding when the client did
   * not list what it accepts (connect-es does the same), else the first of the client's
   * list that we support, else identity (never a coding the client did not advertise).
   */
  negotiate(requestEncoding: string | undefined, acceptEncoding: string | undefined): Compression {
    if (acceptEncoding === undefined || acceptEncoding.trim() === "") {
      return (requestEncoding !== undefined ? this.get(requestEncoding) : undefined) ?? identity;
    }
    for (const name of parseAcceptEncoding(acceptEncoding)) {
      const c = this.get(name);
      if (c !== undefined && c !== identity) return c;
    }
    return identity;
  }
}

/** Splits a `grpc-accept-encoding` list (`gzip, deflate;q=0.5` is tolerated: parameters dropped). */
export function parseAcceptEncoding(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(",")) {
    const name = (part.split(";")[0] as string).trim().toLowerCase();
    if (name !== "") out.push(name);
  }
  return out;
}

export type Role = "client" | "server";

/**
 * Resolves the `grpc-encoding` header of a received stream. An unsupported coding is
 * UNIMPLEMENTED on a server (the response must then carry our `grpc-accept-encoding`) and
 * INTERNAL on a client, per grpc/doc/compression.md.
 */
export function resolveEncoding(registry: CompressionRegistry, header: string | undefined, role: Role): Compression {
  if (header === undefined || header.trim() === "") return identity;
  const c = registry.get(header);
  if (c !== undefined) return c;
  const msg = `unsupported grpc-encoding ${JSON.stringify(header)}`;
  throw new StatusError(role === "server" ? Code.UNIMPLEMENTED : Code.INTERNAL, msg);
}

/**
 * The payload of one received message, decompressed when its flag says so. A compressed
 * flag on an identity stream is INTERNAL; the size limit applies to the decompressed bytes
 * (as the Connect conformance suite's receive-limit tests expect).
 */
export async function decompressMessage(
  flags: number,
  data: Uint8Array,
  encoding: Compression,
  maxBytes: number,
): Promise<Uint8Array> {
  if ((flags & 0x01) === 0) {
    if (data.length > maxBytes) throw limitError("identity", data.length, maxBytes);
    return data;
  }
  if (encoding === identity || encoding.name === "identity") {
    throw new StatusError(Code.INTERNAL, "compressed message on a stream without grpc-encoding");
  }
  return encoding.decompress(data, maxBytes);
}

/**
 * Compresses a message to send and returns the flag to frame it with. Messages under
 * `minBytes` go uncompressed (flag 0): compression is per message in gRPC, so that is legal.
 */
export async function compressMessage(
  data: Uint8Array,
  encoding: Compression,
  minBytes = 0,
): Promise<{ flags: number; data: Uint8Array }> {
  if (encoding === identity || encoding.name === "identity" || data.length < minBytes) return { flags: 0, data };
  return { flags: 1, data: await encoding.compress(data) };
}
