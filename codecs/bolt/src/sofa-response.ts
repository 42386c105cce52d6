import { DecodeError } from "@tribridge/core";
import { type Dialect, HessianDecoder, type HessianValue, JavaMap, JavaObject } from "@tribridge/hessian2";
import { HEAD, PROTOCOL, SOFA_RESPONSE_CLASS, SOFA_RESPONSE_FIELDS } from "./constants.js";
import { sofaResponseContent } from "./sofa-frame.js";
import { matchResponse } from "./sofa-match.js";
import { contentDialect, type SofaDecodeOptions, type SofaEncodeOptions } from "./sofa-request.js";

/**
 * The SOFARPC response envelope (sofa-rpc `SofaResponse`), the content of Bolt cmdcode 2.
 * A business exception travels as `appResponse` (a Throwable bean) with `isError` false;
 * `isError` true means a framework error described by `errorMsg` only.
 */
export interface SofaResponse {
  readonly isError: boolean;
  readonly errorMsg: string | null;
  readonly appResponse: HessianValue;
  /** HashMap<String,String>, or null. */
  readonly responseProps: JavaMap | null;
}

function malformed(message: string, offset: number): never {
  throw new DecodeError(message, { protocol: PROTOCOL, reason: "malformed", offset });
}

export function sofaResponseObject(r: SofaResponse): JavaObject {
  const byName: Record<(typeof SOFA_RESPONSE_FIELDS)[number], HessianValue> = {
    isError: r.isError,
    errorMsg: r.errorMsg,
    appResponse: r.appResponse,
    responseProps: r.responseProps,
  };
  return new JavaObject(
    SOFA_RESPONSE_CLASS,
    SOFA_RESPONSE_FIELDS,
    SOFA_RESPONSE_FIELDS.map((f) => byName[f]),
  );
}

export function encodeSofaResponse(r: SofaResponse, options: SofaEncodeOptions): Uint8Array {
  return sofaResponseContent(r, options.dialect, options.maxBytes);
}

export function decodeSofaResponse(
  content: Uint8Array,
  options?: SofaDecodeOptions,
): { response: SofaResponse; dialect: Dialect } {
  const fast = matchResponse(content, options?.dialect, options?.limits);
  if (fast !== undefined) return fast;
  const base = options?.streamOffset ?? 0;
  const dialect = options?.dialect ?? contentDialect(content, base);
  const dec = new HessianDecoder(content, {
    dialect,
    ...(options?.limits === undefined ? {} : { limits: options.limits }),
  });
  const bean = dec.read();
  if (!(bean instanceof JavaObject) || bean.className !== SOFA_RESPONSE_CLASS) {
    malformed(`content does not start with a ${SOFA_RESPONSE_CLASS}`, base);
  }
  const isError = bean.get("isError");
  const errorMsg = bean.get("errorMsg");
  const props = bean.get("responseProps");
  if (errorMsg !== null && errorMsg !== undefined && typeof errorMsg !== "string")
    malformed("errorMsg is not a string", base);
  if (props !== null && props !== undefined && !(props instanceof JavaMap))
    malformed("responseProps is not a map", base);
  return {
    dialect,
    response: {
      isError: isError === true,
      errorMsg: (errorMsg as string | null | undefined) ?? null,
      appResponse: bean.get("appResponse") ?? null,
      responseProps: (props as JavaMap | null | undefined) ?? null,
    },
  };
}

/** Whether a value is a Java Throwable bean (Java's serializer writes `detailMessage`, `stackTrace`...). */
export function isThrowable(v: HessianValue): v is JavaObject {
  return v instanceof JavaObject && v.has("detailMessage") && v.has("stackTrace");
}

/**
 * The Bolt header map of a response: the response props (string values) plus
 * `sofa_head_response_error=true` for an error or a thrown exception.
 */
export function sofaResponseHeader(r: SofaResponse): Map<string, string> {
  const h = new Map<string, string>();
  if (r.responseProps !== null) {
    for (const [k, v] of r.responseProps.entries) if (typeof k === "string" && typeof v === "string") h.set(k, v);
  }
  if (r.isError || isThrowable(r.appResponse)) h.set(HEAD.RESPONSE_ERROR, "true");
  return h;
}
