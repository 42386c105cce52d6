import { DecodeError, EncodeError, isInt64 } from "@tribridge/core";
import {
  FLAG_EVENT,
  FLAG_REQUEST,
  FLAG_TWO_WAY,
  HEADER_LENGTH,
  MAGIC_HIGH,
  MAGIC_LOW,
  PROTOCOL,
  SERIALIZATION_MASK,
} from "./constants.js";

/** The 16 bytes in front of every Dubbo frame, split into fields. */
export interface DubboHeader {
  /** Bit 7 of the flag byte: a request (or request-side event) rather than a response. */
  readonly request: boolean;
  /** Bit 6: the request expects a response. Meaningless on responses. */
  readonly twoWay: boolean;
  /** Bit 5: heartbeat, read-only or another event instead of an invocation. */
  readonly event: boolean;
  /** Bits 0-4: serialization id of the body (2 = hessian2). */
  readonly serializationId: number;
  /** Response status (0 on requests). */
  readonly status: number;
  /** Signed 64-bit: Java starts at a random long, so negative ids are normal. */
  readonly requestId: bigint;
  /** Bytes after the header. */
  readonly bodyLength: number;
}

/** The flag byte for these header fields. */
export function flagByte(h: Pick<DubboHeader, "request" | "twoWay" | "event" | "serializationId">): number {
  return (
    (h.request ? FLAG_REQUEST : 0) |
    (h.request && h.twoWay ? FLAG_TWO_WAY : 0) |
    (h.event ? FLAG_EVENT : 0) |
    (h.serializationId & SERIALIZATION_MASK)
  );
}

function badHeader(message: string): never {
  throw new EncodeError(message, { protocol: PROTOCOL, reason: "unencodable", offset: 0 });
}

/** Writes the header into `out` at `offset` (16 bytes). */
export function writeHeader(out: Uint8Array, offset: number, h: DubboHeader): void {
  if (!Number.isInteger(h.serializationId) || h.serializationId < 0 || h.serializationId > SERIALIZATION_MASK) {
    badHeader(`serialization id ${h.serializationId} does not fit 5 bits`);
  }
  if (!Number.isInteger(h.status) || h.status < 0 || h.status > 0xff) badHeader(`status ${h.status} is not a byte`);
  if (!isInt64(h.requestId)) badHeader(`request id ${h.requestId} is not a signed 64-bit integer`);
  if (!Number.isInteger(h.bodyLength) || h.bodyLength < 0 || h.bodyLength > 0x7fff_ffff) {
    badHeader(`body length ${h.bodyLength} does not fit a signed int32`);
  }
  // Byte by byte: a DataView per header was a visible share of a small call.
  out[offset] = MAGIC_HIGH;
  out[offset + 1] = MAGIC_LOW;
  out[offset + 2] = flagByte(h);
  out[offset + 3] = h.request ? 0 : h.status;
  writeInt64(out, offset + 4, h.requestId);
  writeInt32(out, offset + 12, h.bodyLength);
}

const scratch = new DataView(new ArrayBuffer(8));

function writeInt32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

function readInt32(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)
  );
}

function writeInt64(out: Uint8Array, at: number, v: bigint): void {
  if (v >= 0n && v <= 0xffff_ffffn) {
    writeInt32(out, at, 0);
    writeInt32(out, at + 4, Number(v));
    return;
  }
  scratch.setBigInt64(0, v);
  for (let i = 0; i < 8; i++) out[at + i] = scratch.getUint8(i);
}

function readInt64(b: Uint8Array, at: number): bigint {
  const hi = readInt32(b, at);
  const lo = readInt32(b, at + 4) >>> 0;
  if (hi === 0) return BigInt(lo);
  if (hi === -1 && lo !== 0) return BigInt(lo - 0x1_0000_0000);
  for (let i = 0; i < 8; i++) scratch.setUint8(i, b[at + i] as number);
  return scratch.getBigInt64(0);
}

/** A fresh 16-byte header. */
export function encodeHeader(h: DubboHeader): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH);
  writeHeader(out, 0, h);
  return out;
}

/**
 * Reads the header at `offset`. `streamOffset` is where `bytes[offset]` sits in the
 * connection's byte stream, so errors name a position a packet capture can find.
 */
export function readHeader(bytes: Uint8Array, offset = 0, streamOffset = offset): DubboHeader {
  if (bytes.length - offset < HEADER_LENGTH) {
    throw new DecodeError(`a header needs ${HEADER_LENGTH} bytes, ${bytes.length - offset} left`, {
      protocol: PROTOCOL,
      reason: "truncated",
      offset: streamOffset,
    });
  }
  if (bytes[offset] !== MAGIC_HIGH || bytes[offset + 1] !== MAGIC_LOW) {
    const got = (((bytes[offset] as number) << 8) | (bytes[offset + 1] as number)).toString(16).padStart(4, "0");
    throw new DecodeError(`bad magic 0x${got}, expected 0xdabb`, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: streamOffset,
    });
  }
  const flag = bytes[offset + 2] as number;
  const bodyLength = readInt32(bytes, offset + 12);
  if (bodyLength < 0) {
    throw new DecodeError(`negative body length ${bodyLength}`, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: streamOffset + 12,
    });
  }
  const request = (flag & FLAG_REQUEST) !== 0;
  return {
    request,
    twoWay: (flag & FLAG_TWO_WAY) !== 0,
    event: (flag & FLAG_EVENT) !== 0,
    serializationId: flag & SERIALIZATION_MASK,
    status: bytes[offset + 3] as number,
    requestId: readInt64(bytes, offset + 4),
    bodyLength,
  };
}
