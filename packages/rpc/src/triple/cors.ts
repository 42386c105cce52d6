import type { Metadata } from "@tribridge/triple";

/** CORS for browser gRPC-Web clients; off unless configured. */
export interface CorsOptions {
  /** Allowed origins, or `*` for any (the request's Origin is echoed back then). */
  readonly origins: "*" | readonly string[];
  /** Preflight cache lifetime in seconds (default 7200, what Chrome caps it at). */
  readonly maxAgeSeconds?: number;
  /** Extra response headers the browser may read (custom metadata). */
  readonly exposeHeaders?: readonly string[];
}

// Browsers hide response headers unless listed; gRPC-Web clients need these to read a
// Trailers-Only status from the headers.
const EXPOSE = ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding"];
const ALLOW = ["content-type", "x-grpc-web", "x-user-agent", "grpc-timeout", "authorization"];

function allowedOrigin(cors: CorsOptions, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (cors.origins === "*") return origin;
  return cors.origins.includes(origin) ? origin : undefined;
}

/** Headers to add to an actual (non-preflight) response. */
export function corsResponseHeaders(cors: CorsOptions | undefined, request: Metadata): Record<string, string> {
  if (cors === undefined) return {};
  const origin = allowedOrigin(cors, request.get("origin"));
  if (origin === undefined) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": [...EXPOSE, ...(cors.exposeHeaders ?? [])].join(","),
    vary: "origin",
  };
}

/** The answer to an OPTIONS preflight: 204 with the grants, or 403 for a foreign origin. */
export function corsPreflight(
  cors: CorsOptions | undefined,
  request: Metadata,
): { status: number; headers: Record<string, string> } {
  const origin = cors === undefined ? undefined : allowedOrigin(cors, request.get("origin"));
  if (cors === undefined || origin === undefined) return { status: 403, headers: {} };
  const asked = request.get("access-control-request-headers");
  return {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "POST, OPTIONS",
      // Echo what the browser asks for: custom metadata names are the application's.
      "access-control-allow-headers": asked ?? ALLOW.join(","),
      "access-control-max-age": String(cors.maxAgeSeconds ?? 7200),
      vary: "origin",
    },
  };
}
