import { parseMediaType } from "@tribridge/triple";

// gRPC-Web content types (grpc/doc/PROTOCOL-WEB.md): `application/grpc-web[+codec]` for
// binary bodies, `application/grpc-web-text[+codec]` for base64 text. A bare type means proto.

export const GRPC_WEB_CONTENT_TYPE = "application/grpc-web";
export const GRPC_WEB_PROTO_CONTENT_TYPE = "application/grpc-web+proto";
export const GRPC_WEB_TEXT_CONTENT_TYPE = "application/grpc-web-text";
export const GRPC_WEB_TEXT_PROTO_CONTENT_TYPE = "application/grpc-web-text+proto";

export interface GrpcWebContentType {
  /** True for the base64 text mode. */
  readonly text: boolean;
  /** `proto`, `json`, `thrift`... */
  readonly codec: string;
}

/**
 * Parses a gRPC-Web content type; undefined for anything else (answer 415). The name
 * `application/grpc-web-text-base64` appears in the spec and is read as text mode too.
 */
export function parseGrpcWebContentType(value: string | undefined): GrpcWebContentType | undefined {
  if (value === undefined) return undefined;
  const essence = parseMediaType(value).essence;
  let rest: string;
  let text: boolean;
  if (essence.startsWith(GRPC_WEB_TEXT_CONTENT_TYPE)) {
    text = true;
    rest = essence.slice(GRPC_WEB_TEXT_CONTENT_TYPE.length);
    if (rest.startsWith("-base64")) rest = rest.slice("-base64".length);
  } else if (essence.startsWith(GRPC_WEB_CONTENT_TYPE)) {
    text = false;
    rest = essence.slice(GRPC_WEB_CONTENT_TYPE.length);
  } else {
    return undefined;
  }
  if (rest === "") return { text, codec: "proto" };
  if (rest.startsWith("+") && rest.length > 1) return { text, codec: rest.slice(1) };
  return undefined;
}

/** `application/grpc-web[-text]+<codec>`, the explicit form Envoy answers with. */
export function grpcWebContentType(text: boolean, codec = "proto"): string {
  return `${text ? GRPC_WEB_TEXT_CONTENT_TYPE : GRPC_WEB_CONTENT_TYPE}+${codec}`;
}

/**
 * Whether a response should be text: the request was text, or its `Accept` names the text
 * type (how a client asks for text responses, per the spec).
 */
export function wantsTextResponse(requestContentType: string | undefined, accept: string | undefined): boolean {
  if (parseGrpcWebContentType(requestContentType)?.text === true) return true;
  if (accept === undefined) return false;
  return accept.split(",").some((a) => parseGrpcWebContentType(a)?.text === true);
}
