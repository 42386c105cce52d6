import { DecodeError, EncodeError } from "@tribridge/core";
import { HessianDecoder, type HessianValue, encode as hessianEncode } from "@tribridge/hessian2";
import type { BodyDecodeOptions } from "./body-io.js";
import {
  DEFAULT_PAYLOAD_LIMIT,
  HEADER_LENGTH,
  HESSIAN2_SERIALIZATION_ID,
  PROTOCOL,
  STATUS,
  serializationName,
} from "./constants.js";
import { type DubboHeader, readHeader, writeHeader } from "./header.js";
import { decodeRequestBody, encodeRequestBody, encodeRequestParts, type RequestBody } from "./request-body.js";
import { decodeResponseBody, encodeResponseBody, encodeResponseParts, type ResponseBody } from "./response-body.js";

/** An invocation. One-way requests (`twoWay: false`) get no response. */
export interface RequestMessage {
  readonly type: "request";
  readonly id: bigint;
  readonly twoWay: boolean;
  readonly body: RequestBody;
}

/** A status-20 response carrying a value, null or a Throwable. */
export interface ResponseMessage {
  readonly type: "response";
  readonly id: bigint;
  readonly body: ResponseBody;
}

/** A response with a status other than OK: the body is only an error message. */
export interface ErrorResponseMessage {
  readonly type: "error";
  readonly id: bigint;
  readonly status: number;
  readonly message: string;
}

/**
 * A heartbeat (`data` null), a read-only (`"R"`) or writeable (`"W"`) notice, or another
 * event. Request-side events carry `twoWay`; response-side events carry `status`.
 */
export interface EventMessage {
  readonly type: "event";
  readonly id: bigint;
  readonly request: boolean;
  readonly twoWay: boolean;
  readonly status: number;
  readonly data: HessianValue;
}

export type DubboMessage = RequestMessage | ResponseMessage | ErrorResponseMessage | EventMessage;

export interface FrameEncodeOptions {
  /** Largest body written (Dubbo's `payload`, default 8 MiB); beyond it `limit-exceeded`. */
  readonly maxBodyLength?: number;
}

export interface FrameDecodeOptions extends BodyDecodeOptions {
  /** Where the frame starts in the connection's stream, for error offsets. */
  readonly streamOffset?: number;
}

function header(msg: DubboMessage, bodyLength: number): DubboHeader {
  const serializationId = HESSIAN2_SERIALIZATION_ID;
  switch (msg.type) {
    case "request":
      return {
        request: true,
        twoWay: msg.twoWay,
        event: false,
        serializationId,
        status: 0,
        requestId: msg.id,
        bodyLength,
      };
    case "response":
      return {
        request: false,
        twoWay: false,
        event: false,
        serializationId,
        status: STATUS.OK,
        requestId: msg.id,
        bodyLength,
      };
    case "error":
      return {
        request: false,
        twoWay: false,
        event: false,
        serializationId,
        status: msg.status,
        requestId: msg.id,
        bodyLength,
      };
    case "event":
      return {
        request: msg.request,
        twoWay: msg.twoWay,
        event: true,
        serializationId,
        status: msg.request ? 0 : msg.status,
        requestId: msg.id,
        bodyLength,
      };
  }
}

/** The Hessian body of a message. */
export function encodeBody(msg: DubboMessage, maxBytes?: number): Uint8Array {
  const opts = maxBytes === undefined ? undefined : { maxBytes };
  switch (msg.type) {
    case "request":
      return encodeRequestBody(msg.body, maxBytes);
    case "response":
      return encodeResponseBody(msg.body, maxBytes);
    case "error":
      return hessianEncode(msg.message, opts);
    case "event":
      return hessianEncode(msg.data, opts);
  }
}

/** A complete frame: header and Hessian 2 body. */
export function encodeFrame(msg: DubboMessage, options?: FrameEncodeOptions): Uint8Array {
  const limit = options?.maxBodyLength ?? DEFAULT_PAYLOAD_LIMIT;
  let body: Uint8Array;
  let rest: Uint8Array | undefined;
  let tail: Uint8Array | undefined;
  try {
    // A request's constant prefix (and cached attachments) are copied straight into the
    // frame, not joined first.
    if (msg.type === "request") [body, rest, tail] = encodeRequestParts(msg.body, limit);
    else if (msg.type === "response") [body, tail] = encodeResponseParts(msg.body, limit);
    else body = encodeBody(msg, limit);
  } catch (e) {
    if (e instanceof EncodeError && e.reason === "limit-exceeded") throw payloadExceeded(e.offset, limit, e);
    throw e;
  }
  const restLength = rest === undefined ? 0 : rest.length;
  const length = body.length + restLength + (tail === undefined ? 0 : tail.length);
  if (length > limit) throw payloadExceeded(length, limit);
  const out = allocFrame(HEADER_LENGTH + length);
  writeHeader(out, 0, header(msg, length));
  out.set(body, HEADER_LENGTH);
  if (rest !== undefined) out.set(rest, HEADER_LENGTH + body.length);
  if (tail !== undefined) out.set(tail, HEADER_LENGTH + body.length + restLength);
  return out;
}

const SLAB_SIZE = 16384;
const SLAB_MAX = 2048;
let slab = new Uint8Array(SLAB_SIZE);
let slabPos = 0;

/**
 * Frames up to 2 KiB are carved from a shared 16 KiB slab, as Node's Buffer pool does (a
 * typed array above 64 bytes is allocated off-heap at ~1 µs each): a result may share
 * `.buffer` with other frames, and is never written again once returned.
 */
function allocFrame(n: number): Uint8Array {
  if (n > SLAB_MAX) return new Uint8Array(n);
  if (slabPos + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const out = slab.subarray(slabPos, slabPos + n);
  slabPos += (n + 7) & ~7;
  return out;
}

function payloadExceeded(size: number, limit: number, cause?: unknown): EncodeError {
  return new EncodeError(`body of at least ${size} bytes exceeds the payload limit of ${limit}`, {
    protocol: PROTOCOL,
    reason: "limit-exceeded",
    offset: HEADER_LENGTH,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Refuses a body whose serialization this codec does not speak, naming the id. */
export function checkSerialization(h: DubboHeader, streamOffset: number): void {
  if (h.serializationId !== HESSIAN2_SERIALIZATION_ID) {
    throw new DecodeError(
      `serialization id ${h.serializationId} (${serializationName(h.serializationId)}) is not supported; only 2 (hessian2) is`,
      { protocol: PROTOCOL, reason: "unsupported", offset: streamOffset + 2 },
    );
  }
}

/**
 * Decodes one complete frame (as cut by FrameSplitter). Throws DecodeError for a frame
 * that is truncated, carries another serialization, or whose body does not parse.
 */
export function decodeFrame(frame: Uint8Array, options?: FrameDecodeOptions): DubboMessage {
  const base = options?.streamOffset ?? 0;
  const h = readHeader(frame, 0, base);
  const end = HEADER_LENGTH + h.bodyLength;
  if (frame.length < end) {
    throw new DecodeError(`frame announces ${h.bodyLength} body bytes, ${frame.length - HEADER_LENGTH} present`, {
      protocol: PROTOCOL,
      reason: "truncated",
      offset: base + frame.length,
    });
  }
  if (frame.length > end) {
    throw new DecodeError(`${frame.length - end} byte(s) after the frame`, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: base + end,
    });
  }
  return decodeFrameBody(h, frame, HEADER_LENGTH, base + HEADER_LENGTH, options);
}

/** Decodes the body `bytes[start, start + h.bodyLength)` of a frame whose header is `h`. */
export function decodeFrameBody(
  h: DubboHeader,
  bytes: Uint8Array,
  start: number,
  streamOffset: number,
  options?: BodyDecodeOptions,
): DubboMessage {
  checkSerialization(h, streamOffset - HEADER_LENGTH);
  const end = start + h.bodyLength;
  const id = h.requestId;
  if (h.event) {
    const data = h.bodyLength === 0 ? null : single(bytes, start, end, streamOffset, options);
    return {
      type: "event",
      id,
      request: h.request,
      twoWay: h.request && h.twoWay,
      status: h.request ? 0 : h.status,
      data,
    };
  }
  if (h.request) {
    return { type: "request", id, twoWay: h.twoWay, body: decodeRequestBody(bytes, start, end, streamOffset, options) };
  }
  if (h.status !== STATUS.OK) {
    const v = h.bodyLength === 0 ? null : single(bytes, start, end, streamOffset, options);
    return { type: "error", id, status: h.status, message: typeof v === "string" ? v : String(v) };
  }
  return { type: "response", id, body: decodeResponseBody(bytes, start, end, streamOffset, options) };
}

function single(
  bytes: Uint8Array,
  start: number,
  end: number,
  streamOffset: number,
  options: BodyDecodeOptions | undefined,
): HessianValue {
  const d = new HessianDecoder(bytes, {
    offset: start,
    end,
    ...(options?.limits === undefined ? {} : { limits: options.limits }),
  });
  const v = d.read();
  if (d.hasMore) {
    throw new DecodeError("bytes left after the single value of the body", {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: streamOffset + (d.pos - start),
    });
  }
  return v;
}

/** A heartbeat request (two-way event, null body). */
export function heartbeatRequest(id: bigint): EventMessage {
  return { type: "event", id, request: true, twoWay: true, status: 0, data: null };
}

/** The reply to a heartbeat: same id, status OK, null body. */
export function heartbeatResponse(id: bigint): EventMessage {
  return { type: "event", id, request: false, twoWay: false, status: STATUS.OK, data: null };
}

/** Whether a message is a heartbeat (an event whose payload is the serialized null). */
export function isHeartbeat(msg: DubboMessage): msg is EventMessage {
  return msg.type === "event" && msg.data === null;
}
