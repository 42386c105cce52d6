import type { HessianValue } from "@tribridge/hessian2";
import { type Attachments, type BodyDecodeOptions, BodyReader, describe, encodeWith } from "./body-io.js";
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
  return encodeWith(maxBytes, (enc) => {
    enc.write(responseType(body));
    if (body.kind === "value") enc.write(body.value);
    else if (body.kind === "exception") enc.write(body.exception);
    if (body.attachments !== undefined) enc.write(body.attachments);
  });
}

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
      body = { kind: "value", value: r.value(), attachments: r.attachments() };
      break;
    case RESPONSE_TYPE.NULL_VALUE_WITH_ATTACHMENTS:
      body = { kind: "null", attachments: r.attachments() };
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
