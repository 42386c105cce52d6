import { decodeBase64, EncodeError, encodeBase64 } from "@tribridge/core";

/** What HTTP libraries hand over: node:http2's header objects or a list of pairs. */
export type HeaderValue = string | number | readonly string[] | undefined;
export type HeaderInput = Iterable<readonly [string, string]> | Readonly<Record<string, HeaderValue>>;
/** Built headers; a null-prototype object so no header name can reach Object.prototype. */
export type HeaderRecord = Record<string, string | string[]>;

const VALID_NAME = /^[0-9a-z_.-]+$/;
const VALID_ASCII_VALUE = /^[\x20-\x7e]*$/;

/**
 * A multimap of lower-case header names to values, in arrival order. Values of `-bin`
 * headers are kept as their base64 text; `getBinary` decodes them (splitting on commas,
 * since a proxy may have joined duplicates).
 */
export class Metadata {
  private readonly map = new Map<string, string[]>();

  static from(input: HeaderInput | Metadata | undefined): Metadata {
    const m = new Metadata();
    if (input === undefined) return m;
    if (input instanceof Metadata) {
      for (const [k, v] of input) m.append(k, v);
      return m;
    }
    if (Symbol.iterator in input) {
      for (const [k, v] of input as Iterable<readonly [string, string]>) m.append(k, v);
      return m;
    }
    for (const k of Object.keys(input)) {
      const v = (input as Record<string, HeaderValue>)[k];
      if (v === undefined) continue;
      if (typeof v === "string" || typeof v === "number") m.append(k, String(v));
      else for (const item of v) m.append(k, item);
    }
    return m;
  }

  /** Adds a value; a Uint8Array becomes unpadded base64 (the name should end in `-bin`). */
  append(name: string, value: string | Uint8Array): this {
    const key = name.toLowerCase();
    const text = typeof value === "string" ? value : encodeBase64(value, { padding: false });
    const list = this.map.get(key);
    if (list === undefined) this.map.set(key, [text]);
    else list.push(text);
    return this;
  }

  set(name: string, value: string | Uint8Array): this {
    this.map.delete(name.toLowerCase());
    return this.append(name, value);
  }

  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.[0];
  }

  getAll(name: string): readonly string[] {
    return this.map.get(name.toLowerCase()) ?? [];
  }

  /** Every binary value of a `-bin` header. Throws DecodeError on bad base64. */
  getBinary(name: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const v of this.getAll(name)) {
      for (const part of v.split(",")) {
        const t = part.trim();
        if (t !== "") out.push(decodeBase64(t, "grpc-metadata"));
      }
    }
    return out;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  delete(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }

  get size(): number {
    return this.map.size;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [k, list] of this.map) for (const v of list) yield [k, v];
  }

  /** A copy without the headers `drop` selects (e.g. reserved ones). */
  filter(keep: (name: string) => boolean): Metadata {
    const m = new Metadata();
    for (const [k, v] of this) if (keep(k)) m.append(k, v);
    return m;
  }

  /** As a node:http2-style object; repeated names become arrays. */
  toRecord(into: HeaderRecord = Object.create(null) as HeaderRecord): HeaderRecord {
    for (const [k, list] of this.map) {
      const prev = into[k];
      if (prev === undefined) into[k] = list.length === 1 ? (list[0] as string) : [...list];
      else into[k] = (typeof prev === "string" ? [prev] : prev).concat(list);
    }
    return into;
  }
}

/** True for names gRPC reserves (pseudo-headers, `grpc-*`) or HTTP owns for the call itself. */
export function isReservedHeader(name: string): boolean {
  return (
    name.startsWith(":") ||
    name.startsWith("grpc-") ||
    name === "content-type" ||
    name === "te" ||
    name === "content-length" ||
    name === "connection" ||
    name === "transfer-encoding" ||
    name === "host"
  );
}

/**
 * Checks custom metadata before sending: names `[0-9a-z_.-]+`, not reserved, ASCII values
 * (`%x20-%x7E`) unless the name ends in `-bin`. Throws EncodeError (`unencodable`).
 */
export function validateCustomMetadata(m: Metadata): void {
  for (const [k, v] of m) {
    if (!VALID_NAME.test(k) || isReservedHeader(k)) {
      throw new EncodeError(`invalid or reserved metadata name ${JSON.stringify(k)}`, {
        protocol: "grpc-metadata",
        reason: "unencodable",
        offset: 0,
      });
    }
    if (!k.endsWith("-bin") && !VALID_ASCII_VALUE.test(v)) {
      throw new EncodeError(`metadata ${k} has a non-ASCII value; use a -bin name for binary`, {
        protocol: "grpc-metadata",
        reason: "unencodable",
        offset: 0,
      });
    }
  }
}
