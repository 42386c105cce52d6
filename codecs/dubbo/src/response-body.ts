import { EncodeError } from "@tribridge/core";
import type { HessianValue } from "@tribridge/hessian2";
import {
  type Attachments,
  type BodyDecodeOptions,
  BodyReader,
  describe,
  encodeWith,
  StringMapMemo,
} from "./body-io.js";
import { RESPONSE_TYPE } from "./constants.js";

/**
 * The body of an OK (status 20) response, in each of its six forms: a value, a null value
 * or a Throwable, each with or without attachments (DubboCodec.encodeResponseData).
 */
export type ResponseBody =
  | { readonly kind: "value"; readonly value: HessianValue; readonly attachments?: Attachments }
  | { readonly kind: "null"; readonly attachments?: Attachments }
  | { readonly kind: "exception"; readonly exception: HessianValue; readonly attachments?: Attachments };

/** The response-type byte this body is written with. */
export function responseType(body: ResponseBody): number {
  const withAttachments = body.attachments !== undefined;
  switch (body.kind) {
    case "value":
      return withAttachments ? RESPONSE_TYPE.VALUE_WITH_ATTACHMENTS : RESPONSE_TYPE.VALUE;
    case "null":
      return withAttachments ? RESPONSE_TYPE.NULL_VALUE_WITH_ATTACHMENTS : RESPONSE_TYPE.NULL_VALUE;
    case "exception":
      return withAttachments ? RESPONSE_TYPE.WITH_EXCEPTION_WITH_ATTACHMENTS : RESPONSE_TYPE.WITH_EXCEPTION;
  }
}

export function encodeResponseBody(body: ResponseBody, maxBytes?: number): Uint8Array {
  const [head, tail] = encodeResponseParts(body, maxBytes);
  if (tail === undefined) return head;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/**
 * The body in two parts when the attachments were written apart (else one), for a frame
 * writer that copies them into place.
 */
export function encodeResponseParts(body: ResponseBody, maxBytes?: number): [Uint8Array, Uint8Array | undefined] {
  const attachments = body.attachments;
  // After a value that holds no object (or none), the attachments' bytes do not depend on
  // what precedes them: cached bytes of an equal string map serve.
  let tail: Uint8Array | undefined;
  if (attachments !== undefined && (body.kind === "null" || (body.kind === "value" && !isObject(body.value)))) {
    tail = responseAttachmentBytes.bytesOf(attachments) ?? responseAttachmentBytes.encode(attachments);
  }
  const head = encodeWith(maxBytes, (enc) => {
    enc.write(responseType(body));
    if (body.kind === "value") enc.write(body.value);
    else if (body.kind === "exception") enc.write(body.exception);
    if (attachments !== undefined && tail === undefined) enc.write(attachments);
  });
  if (tail === undefined) return [head, undefined];
  if (maxBytes !== undefined && head.length + tail.length > maxBytes) {
    throw new EncodeError(`output would exceed ${maxBytes} bytes`, {
      protocol: "hessian2",
      reason: "limit-exceeded",
      offset: head.length,
    });
  }
  return [head, tail];
}

const responseAttachmentBytes = new StringMapMemo();

function isObject(v: HessianValue): boolean {
  return typeof v === "object" && v !== null;
}

/** Providers answer with the same few attachments (`dubbo: 2.0.2`) every time. */
const responseAttachments = new StringMapMemo();

export function decodeResponseBody(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  streamOffset = start,
  options?: BodyDecodeOptions,
): ResponseBody {
  const r = new BodyReader(bytes, start, end, streamOffset, options);
  const type = r.value();
  let body: ResponseBody;
  switch (type) {
    case RESPONSE_TYPE.VALUE:
      body = { kind: "value", value: r.value() };
      break;
    case RESPONSE_TYPE.NULL_VALUE:
      body = { kind: "null" };
      break;
    case RESPONSE_TYPE.WITH_EXCEPTION:
      body = { kind: "exception", exception: r.value() };
      break;
    case RESPONSE_TYPE.VALUE_WITH_ATTACHMENTS:
      body = { kind: "value", value: r.value(), attachments: r.attachments(responseAttachments) };
      break;
    case RESPONSE_TYPE.NULL_VALUE_WITH_ATTACHMENTS:
      body = { kind: "null", attachments: r.attachments(responseAttachments) };
      break;
    case RESPONSE_TYPE.WITH_EXCEPTION_WITH_ATTACHMENTS:
      body = { kind: "exception", exception: r.value(), attachments: r.attachments() };
      break;
    default:
      return r.fail(`unknown response type ${typeof type === "number" ? type : describe(type)}`);
  }
  r.end();
  return body;
}

/** Whether a caller of this protocol version reads response attachments (Version.isSupportResponseAttachment). */
export function supportsResponseAttachments(dubboVersion: string): boolean {
  // One peer sends one version string on every call: remember the last answer.
  if (dubboVersion === lastVersion) return lastSupports;
  lastSupports = parseSupportsResponseAttachments(dubboVersion);
  lastVersion = dubboVersion;
  return lastSupports;
}

let lastVersion: string | undefined;
let lastSupports = false;

function parseSupportsResponseAttachments(dubboVersion: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(dubboVersion);
  if (m === null) return false;
  const v = Number(m[1]) * 1_000_000 + Number(m[2]) * 10_000 + Number(m[3]) * 100;
  return v >= 2_000_200 && v <= 2_009_900;
}
