/** `application/grpc` content types; a bare `application/grpc` means protobuf. */
export const GRPC_CONTENT_TYPE = "application/grpc";
export const GRPC_PROTO_CONTENT_TYPE = "application/grpc+proto";
export const GRPC_JSON_CONTENT_TYPE = "application/grpc+json";

/**
 * Wrapper-mode content types named by the Triple docs. Dubbo Java 3.3 sends neither (its
 * wrapper calls go out as `application/grpc+proto`), and the two doc pages disagree; they
 * are recognised on input, never produced by default.
 */
export const TRIPLE_WRAPPER_CONTENT_TYPES: readonly string[] = [
  "application/triple+wrapper",
  "application/grpc+wrapper",
];

/** Content types of the Triple HTTP (non-gRPC) unary form. */
export const TRIPLE_JSON_CONTENT_TYPE = "application/json";
export const TRIPLE_PROTO_CONTENT_TYPE = "application/proto";

export interface MediaType {
  /** `type/subtype`, lower case, without parameters. */
  readonly essence: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Splits `type/subtype; a=b` (lower-cases the essence and parameter names; unquotes values). */
export function parseMediaType(value: string): MediaType {
  const parts = value.split(";");
  const essence = (parts[0] as string).trim().toLowerCase();
  const params = new Map<string, string>();
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i] as string;
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    let v = p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    params.set(p.slice(0, eq).trim().toLowerCase(), v);
  }
  return { essence, params };
}

/**
 * The codec of a gRPC content type: `proto` for `application/grpc`, the suffix for
 * `application/grpc+xxx`; undefined when the value does not start with `application/grpc`
 * (the server should then answer HTTP 415). Triple's wrapper types give `wrapper`.
 */
export function grpcCodecOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const { essence } = parseMediaType(contentType);
  if (TRIPLE_WRAPPER_CONTENT_TYPES.includes(essence)) return "wrapper";
  if (essence === GRPC_CONTENT_TYPE) return "proto";
  if (essence.startsWith(GRPC_CONTENT_TYPE + "+")) {
    const codec = essence.slice(GRPC_CONTENT_TYPE.length + 1);
    return codec === "" ? undefined : codec;
  }
  return undefined;
}

/** `application/grpc+<codec>`. */
export function grpcContentType(codec = "proto"): string {
  return `${GRPC_CONTENT_TYPE}+${codec}`;
}

/**
 * Which Triple sub-protocol a request belongs to, the way Dubbo Java 3.3 dispatches: any
 * content type starting with `application/grpc` is the gRPC form, anything else the HTTP
 * (REST-like) form.
 */
export function tripleSubProtocol(contentType: string | undefined): "grpc" | "http" {
  if (contentType === undefined) return "http";
  const essence = parseMediaType(contentType).essence;
  return essence.startsWith(GRPC_CONTENT_TYPE) || TRIPLE_WRAPPER_CONTENT_TYPES.includes(essence) ? "grpc" : "http";
}
