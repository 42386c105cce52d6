import { DecodeError, EncodeError, encodeUtf8 } from "@tribridge/core";
import {
  CMD_HEARTBEAT,
  COMMAND_VERSION,
  CRC_LENGTH,
  DEFAULT_MAX_BODY_LENGTH,
  PROTOCOL,
  PROTOCOL_V1,
  PROTOCOL_V2,
  SOFA_REQUEST_CLASS,
  SOFA_RESPONSE_CLASS,
  SWITCH_CRC,
  TYPE_ONEWAY,
  TYPE_REQUEST,
  TYPE_RESPONSE,
} from "./constants.js";
import { crc32 } from "./crc32.js";
import { type BoltHead, headLengthOf, isRequestType, readHead } from "./header.js";
import { internAscii } from "./intern.js";
import { allocOut } from "./slab.js";

/**
 * One Bolt command: the fixed fields plus the three variable sections kept as bytes. The
 * class name is text (always ASCII in practice); the header map and the content are left
 * raw so a proxy can forward them untouched and so `decodeFrame` costs no copy — see
 * `decodeHeaderMap` and `sofa-request.ts` / `sofa-response.ts` for their contents.
 */
export interface BoltFrame {
  /** 1 (v1, SOFARPC's choice) or 2 (v2). Default 1. */
  readonly protocol?: number;
  /** v2 only: protocol version byte, default 1 (2 allows a CRC). */
  readonly protocolVersion?: number;
  /** v2 only: switch byte; bit 0 asks for a CRC32 (with protocolVersion 2). */
  readonly switches?: number;
  /** 0 response, 1 request, 2 one-way request. */
  readonly type: number;
  readonly cmdCode: number;
  /** ver2, default 1. */
  readonly cmdVersion?: number;
  readonly requestId: number;
  readonly codec: number;
  /** Requests only: ms; -1 = no timeout. */
  readonly timeout?: number;
  /** Responses only. */
  readonly status?: number;
  readonly className: string;
  readonly header: Uint8Array;
  readonly content: Uint8Array;
}

export interface FrameEncodeOptions {
  /** Largest class + header + content accepted (default 8 MiB): refused before anything is written. */
  readonly maxBodyLength?: number;
}

const EMPTY = new Uint8Array(0);
// Java reads the class name with `new String(bytes, UTF_8)`: lenient, never an error.
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });
const decodeUtf8 = (b: Uint8Array): string => lenient.decode(b);
const encodedNames = new Map<string, Uint8Array>();

/** Class names repeat on every frame: cache their bytes (bounded, they are few in practice). */
function classBytes(name: string): Uint8Array {
  if (name === "") return EMPTY;
  let b = encodedNames.get(name);
  if (b === undefined) {
    b = encodeUtf8(name);
    if (encodedNames.size < 256) encodedNames.set(name, b);
  }
  return b;
}

function badFrame(message: string): never {
  throw new EncodeError(message, { protocol: PROTOCOL, reason: "unencodable", offset: 0 });
}

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) badFrame(`${name} ${v} does not fit [${min}, ${max}]`);
}

/** Encodes a frame; a v2 frame with protocolVersion 2 and the CRC switch gets its CRC32. */
export function encodeFrame(f: BoltFrame, options?: FrameEncodeOptions): Uint8Array {
  if (f.type !== TYPE_RESPONSE && f.type !== TYPE_REQUEST && f.type !== TYPE_ONEWAY) badFrame(`bad type ${f.type}`);
  const cls = classBytes(f.className);
  const body = cls.length + f.header.length + f.content.length;
  const max = options?.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
  if (body > max) {
    throw new EncodeError(`frame body of ${body} bytes exceeds the limit of ${max}`, {
      protocol: PROTOCOL,
      reason: "limit-exceeded",
      offset: 0,
    });
  }
  const request = isRequestType(f.type);
  return assembleFrame(
    f,
    f.type,
    f.cmdCode,
    f.requestId,
    f.codec,
    request ? (f.timeout ?? -1) : (f.status ?? 0),
    cls,
    f.header,
    f.content,
    EMPTY,
    f.cmdVersion ?? COMMAND_VERSION,
  );
}

/**
 * Writes a frame whose content is `content1` then `content2` (so callers holding a constant
 * prefix need not join it first). `timeoutOrStatus` is the timeout of a request type, the
 * status of a response. Checks every field; the caller has checked the body limit.
 */
export function assembleFrame(
  proto: ProtocolFields,
  type: number,
  cmdCode: number,
  requestId: number,
  codec: number,
  timeoutOrStatus: number,
  cls: Uint8Array,
  header: Uint8Array,
  content1: Uint8Array,
  content2: Uint8Array,
  cmdVersion = COMMAND_VERSION,
): Uint8Array {
  const protocol = proto.protocol ?? PROTOCOL_V1;
  if (protocol !== PROTOCOL_V1 && protocol !== PROTOCOL_V2) badFrame(`protocol code ${protocol} is neither 1 nor 2`);
  const v2 = protocol === PROTOCOL_V2;
  const protocolVersion = proto.protocolVersion ?? 1;
  const switches = proto.switches ?? 0;
  checkInt("cmdCode", cmdCode, 0, 0xffff);
  checkInt("requestId", requestId, -0x8000_0000, 0x7fff_ffff);
  checkInt("codec", codec, 0, 0xff);
  checkInt("cmdVersion", cmdVersion, 0, 0xff);
  if (cls.length > 0x7fff) badFrame(`class name of ${cls.length} bytes exceeds 32767`);
  if (header.length > 0x7fff) badFrame(`header map of ${header.length} bytes exceeds 32767`);
  const request = isRequestType(type);
  if (request) checkInt("timeout", timeoutOrStatus, -0x8000_0000, 0x7fff_ffff);
  else checkInt("status", timeoutOrStatus, 0, 0xffff);
  if (v2) {
    checkInt("protocolVersion", protocolVersion, 0, 0xff);
    checkInt("switches", switches, 0, 0xff);
  }
  const contentLength = content1.length + content2.length;
  const headLength = headLengthOf(protocol, type);
  const crc = v2 && protocolVersion === 2 && (switches & SWITCH_CRC) !== 0;
  const end = headLength + cls.length + header.length + contentLength;
  const out = allocOut(end + (crc ? CRC_LENGTH : 0));
  // Byte by byte rather than through a DataView: a view per frame costs more than the header.
  let at = 0;
  out[at++] = protocol;
  if (v2) out[at++] = protocolVersion;
  out[at++] = type;
  out[at++] = cmdCode >>> 8;
  out[at++] = cmdCode & 0xff;
  out[at++] = cmdVersion;
  at = putInt32(out, at, requestId);
  out[at++] = codec;
  if (v2) out[at++] = switches;
  if (request) at = putInt32(out, at, timeoutOrStatus);
  else {
    out[at++] = timeoutOrStatus >>> 8;
    out[at++] = timeoutOrStatus & 0xff;
  }
  out[at++] = cls.length >>> 8;
  out[at++] = cls.length & 0xff;
  out[at++] = header.length >>> 8;
  out[at++] = header.length & 0xff;
  at = putInt32(out, at, contentLength);
  out.set(cls, at);
  at += cls.length;
  out.set(header, at);
  at += header.length;
  out.set(content1, at);
  at += content1.length;
  if (content2.length > 0) out.set(content2, at);
  if (crc) putInt32(out, end, crc32(out, 0, end));
  return out;
}

function putInt32(out: Uint8Array, at: number, v: number): number {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
  return at + 4;
}

export interface DecodedFrame extends Required<BoltFrame> {
  readonly head: BoltHead;
}

/**
 * Decodes one complete frame at `pos` (trailing bytes are ignored: the splitter hands out
 * exact frames). Header and content are views into `bytes`: copy them to keep them past
 * the buffer's life. Checks the CRC32 when the frame carries one.
 */
export function decodeFrame(bytes: Uint8Array, pos = 0, streamOffset = pos, head?: BoltHead): DecodedFrame {
  const h = head ?? readHead(bytes, pos, streamOffset);
  if (bytes.length - pos < h.totalLength) {
    throw new DecodeError(`frame of ${h.totalLength} bytes, ${bytes.length - pos} available`, {
      protocol: PROTOCOL,
      reason: "truncated",
      offset: streamOffset,
    });
  }
  let at = pos + h.headLength;
  const clsEnd = at + h.classLength;
  const className = h.classLength === 0 ? "" : asciiOrUtf8(bytes, at, clsEnd);
  at = clsEnd;
  const header = bytes.subarray(at, at + h.headerLength);
  at += h.headerLength;
  const content = bytes.subarray(at, at + h.contentLength);
  at += h.contentLength;
  if (h.crc) {
    const want = new DataView(bytes.buffer, bytes.byteOffset + at, CRC_LENGTH).getUint32(0);
    const got = crc32(bytes, pos, at);
    if (want !== got) {
      throw new DecodeError(`CRC32 mismatch: frame says 0x${want.toString(16)}, content gives 0x${got.toString(16)}`, {
        protocol: PROTOCOL,
        reason: "malformed",
        offset: streamOffset + (at - pos),
      });
    }
  }
  return {
    head: h,
    protocol: h.protocol,
    protocolVersion: h.protocolVersion,
    switches: h.switches,
    type: h.type,
    cmdCode: h.cmdCode,
    cmdVersion: h.cmdVersion,
    requestId: h.requestId,
    codec: h.codec,
    timeout: h.timeout,
    status: h.status,
    className,
    header,
    content,
  };
}

const KNOWN_CLASSES = [SOFA_REQUEST_CLASS, SOFA_RESPONSE_CLASS].map((name) => ({ name, bytes: encodeUtf8(name) }));

/** Class names are a handful of ASCII names: SOFARPC's two compared as bytes, others interned (see intern.ts). */
function asciiOrUtf8(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  for (const k of KNOWN_CLASSES) {
    const b = k.bytes;
    if (b.length !== n) continue;
    let i = n - 1;
    while (i >= 0 && b[i] === bytes[start + i]) i--;
    if (i < 0) return k.name;
  }
  return internAscii(bytes, start, end) ?? decodeUtf8(bytes.subarray(start, end));
}

/** The fields that make two frames talk on the same protocol: answers copy them from requests. */
export type ProtocolFields = Pick<BoltFrame, "protocol" | "protocolVersion" | "switches">;

/** A heartbeat request (cmdcode 0, no class, header or content). */
export function heartbeatRequest(requestId: number, proto: ProtocolFields = {}, codec = 1): BoltFrame {
  return {
    ...proto,
    type: TYPE_REQUEST,
    cmdCode: CMD_HEARTBEAT,
    requestId,
    codec,
    timeout: -1,
    className: "",
    header: EMPTY,
    content: EMPTY,
  };
}

/** The heartbeat ack: a SUCCESS response with the request's id, on the request's protocol. */
export function heartbeatResponse(requestId: number, proto: ProtocolFields = {}, codec = 1): BoltFrame {
  return {
    ...proto,
    type: TYPE_RESPONSE,
    cmdCode: CMD_HEARTBEAT,
    requestId,
    codec,
    status: 0,
    className: "",
    header: EMPTY,
    content: EMPTY,
  };
}

export function isHeartbeat(f: Pick<BoltFrame, "cmdCode">): boolean {
  return f.cmdCode === CMD_HEARTBEAT;
}
