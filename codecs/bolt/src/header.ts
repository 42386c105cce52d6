import { DecodeError } from "@tribridge/core";
import {
  CRC_LENGTH,
  PROTOCOL,
  PROTOCOL_V1,
  PROTOCOL_V2,
  SWITCH_CRC,
  TYPE_ONEWAY,
  TYPE_REQUEST,
  TYPE_RESPONSE,
  V1_REQUEST_HEADER,
  V1_RESPONSE_HEADER,
  V2_REQUEST_HEADER,
  V2_RESPONSE_HEADER,
} from "./constants.js";

/**
 * The fixed part of a Bolt frame, parsed. v1 and v2 share one shape: v1 frames report
 * `protocolVersion` 1 and `switches` 0, since v1 has neither byte.
 */
export interface BoltHead {
  readonly protocol: number;
  /** v2's ver1 byte (1 or 2); a CRC is possible only when it is 2. */
  readonly protocolVersion: number;
  /** 0 response, 1 request, 2 one-way request. */
  readonly type: number;
  /** 0 heartbeat, 1 RPC request, 2 RPC response. */
  readonly cmdCode: number;
  /** ver2, the command version (1). */
  readonly cmdVersion: number;
  /** Signed int32, as Java's IDGenerator hands them out. */
  readonly requestId: number;
  readonly codec: number;
  /** v2 switch byte (bit 0 = CRC). */
  readonly switches: number;
  /** Requests: ms the caller waits (-1 or 0 = none given). 0 on responses. */
  readonly timeout: number;
  /** Responses: status code. 0 on requests. */
  readonly status: number;
  readonly classLength: number;
  readonly headerLength: number;
  readonly contentLength: number;
  /** Length of the fixed header (20, 22 or 24 bytes). */
  readonly headLength: number;
  /** A CRC32 follows the content. */
  readonly crc: boolean;
  /** The whole frame: fixed header, class, header map, content and CRC. */
  readonly totalLength: number;
}

function fail(reason: "malformed" | "truncated", message: string, offset: number): never {
  throw new DecodeError(message, { protocol: PROTOCOL, reason, offset });
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] as number) << 8) | (b[at + 1] as number);
}

function i32(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)
  );
}

export function isRequestType(type: number): boolean {
  return type === TYPE_REQUEST || type === TYPE_ONEWAY;
}

/** Fixed header length for a protocol code and command type. */
export function headLengthOf(protocol: number, type: number): number {
  const request = isRequestType(type);
  if (protocol === PROTOCOL_V1) return request ? V1_REQUEST_HEADER : V1_RESPONSE_HEADER;
  return request ? V2_REQUEST_HEADER : V2_RESPONSE_HEADER;
}

/**
 * How many bytes the fixed header at `pos` needs, from its first 2-3 bytes, or -1 while
 * too few bytes are there to tell. Throws on a bad protocol code or command type at once,
 * so a garbage stream fails on its first byte rather than after buffering anything.
 */
export function peekHeadLength(bytes: Uint8Array, pos: number, end: number, streamOffset: number): number {
  if (end - pos < 1) return -1;
  const protocol = bytes[pos] as number;
  if (protocol !== PROTOCOL_V1 && protocol !== PROTOCOL_V2) {
    fail(
      "malformed",
      `bad protocol code 0x${protocol.toString(16).padStart(2, "0")}, expected 0x01 or 0x02`,
      streamOffset,
    );
  }
  const typeAt = protocol === PROTOCOL_V1 ? 1 : 2;
  if (end - pos <= typeAt) return -1;
  const type = bytes[pos + typeAt] as number;
  if (type !== TYPE_RESPONSE && type !== TYPE_REQUEST && type !== TYPE_ONEWAY) {
    fail(
      "malformed",
      `bad command type ${type}, expected 0 (response), 1 (request) or 2 (one-way)`,
      streamOffset + typeAt,
    );
  }
  return headLengthOf(protocol, type);
}

/**
 * Reads the fixed header at `pos` (the caller made sure `peekHeadLength` bytes are there).
 * `streamOffset` is where `bytes[pos]` sits in the connection, for error offsets.
 */
export function readHead(bytes: Uint8Array, pos = 0, streamOffset = pos): BoltHead {
  const headLength = peekHeadLength(bytes, pos, bytes.length, streamOffset);
  if (headLength < 0 || bytes.length - pos < headLength) {
    fail(
      "truncated",
      `a Bolt header needs ${headLength < 0 ? 3 : headLength} bytes, ${bytes.length - pos} left`,
      streamOffset,
    );
  }
  // Plain byte reads: a DataView per frame cost more than the rest of the header.
  const protocol = bytes[pos] as number;
  const v2 = protocol === PROTOCOL_V2;
  let at = pos + 1;
  const protocolVersion = v2 ? (bytes[at++] as number) : 1;
  const type = bytes[at++] as number;
  const cmdCode = u16(bytes, at);
  at += 2;
  const cmdVersion = bytes[at++] as number;
  const requestId = i32(bytes, at);
  at += 4;
  const codec = bytes[at++] as number;
  const switches = v2 ? (bytes[at++] as number) : 0;
  let timeout = 0;
  let status = 0;
  if (isRequestType(type)) {
    timeout = i32(bytes, at);
    at += 4;
  } else {
    status = u16(bytes, at);
    at += 2;
  }
  const classLength = (u16(bytes, at) << 16) >> 16;
  const headerLength = (u16(bytes, at + 2) << 16) >> 16;
  const contentLength = i32(bytes, at + 4);
  at -= pos;
  if (classLength < 0 || headerLength < 0 || contentLength < 0) {
    fail(
      "malformed",
      `negative length (class ${classLength}, header ${headerLength}, content ${contentLength})`,
      streamOffset + at,
    );
  }
  const crc = v2 && protocolVersion === 2 && (switches & SWITCH_CRC) !== 0;
  return {
    protocol,
    protocolVersion,
    type,
    cmdCode,
    cmdVersion,
    requestId,
    codec,
    switches,
    timeout,
    status,
    classLength,
    headerLength,
    contentLength,
    headLength,
    crc,
    totalLength: headLength + classLength + headerLength + contentLength + (crc ? CRC_LENGTH : 0),
  };
}
