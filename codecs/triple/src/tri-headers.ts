import { percentDecode } from "@tribridge/core";
import type { HeaderRecord } from "./metadata.js";
import { Metadata } from "./metadata.js";

// Triple's own headers (Dubbo 3.3 TripleHeaderEnum), sent beside the standard gRPC ones.
export const TriHeader = {
  SERVICE_VERSION: "tri-service-version",
  SERVICE_GROUP: "tri-service-group",
  CONSUMER_APP_NAME: "tri-consumer-appname",
  /** Milliseconds; only read on the HTTP (non-gRPC) path, gRPC uses `grpc-timeout`. */
  SERVICE_TIMEOUT: "tri-service-timeout",
  /** Percent-encoded JSON map lower-case name → original name of attachments. */
  HEADER_CONVERT: "tri-header-convert",
  /** Response header: non-zero means the body is a serialized exception (wrapper mode). */
  EXCEPTION_CODE: "tri-exception-code",
  /** HTTP form: `1.0.0` (dubbo-js) or `1` (spec doc examples). */
  PROTOCOL_VERSION: "tri-protocol-version",
  /** Named by the Triple spec doc only; not seen in Dubbo Java 3.3 or dubbo-js. */
  TRACE_TRACEID: "tri-trace-traceid",
  TRACE_RPCID: "tri-trace-rpcid",
  UNIT_INFO: "tri-unit-info",
  /** Aliases of group/version on the REST path. */
  REST_SERVICE_GROUP: "rest-service-group",
  REST_SERVICE_VERSION: "rest-service-version",
} as const;

/** `tri-exception-code` value for a business exception (RpcException.BIZ_EXCEPTION). */
export const TRI_BIZ_EXCEPTION = 3;
/** Dubbo's default service version, which Java may leave out of the headers. */
export const DEFAULT_SERVICE_VERSION = "1.0.0";

/** Attachment values Dubbo turns into headers; bytes go as `<name>-bin`, unpadded base64. */
export type AttachmentValue = string | number | boolean | bigint | Uint8Array;

export interface TripleRequestInfo {
  readonly version?: string;
  readonly group?: string;
  readonly consumerAppName?: string;
  /** Sent as `tri-service-timeout` (HTTP form); the gRPC form uses `grpc-timeout` instead. */
  readonly serviceTimeoutMs?: number;
  /** Dubbo attachments; keys keep their case through `tri-header-convert`. */
  readonly attachments?: Readonly<Record<string, AttachmentValue>>;
}

export interface TripleHeaderOptions {
  /** Leave out `tri-service-version` when it is `1.0.0` (Dubbo's `ignore-1.0.0-version`). Default false. */
  readonly omitDefaultVersion?: boolean;
}

/** Headers for a Triple request, to merge into the gRPC request headers (as `extra`). */
export function buildTripleRequestHeaders(info: TripleRequestInfo, options?: TripleHeaderOptions): HeaderRecord {
  const h = Object.create(null) as HeaderRecord;
  if (
    info.version !== undefined &&
    !(options?.omitDefaultVersion === true && info.version === DEFAULT_SERVICE_VERSION)
  ) {
    h[TriHeader.SERVICE_VERSION] = info.version;
  }
  if (info.group !== undefined && info.group !== "") h[TriHeader.SERVICE_GROUP] = info.group;
  if (info.consumerAppName !== undefined) h[TriHeader.CONSUMER_APP_NAME] = info.consumerAppName;
  if (info.serviceTimeoutMs !== undefined)
    h[TriHeader.SERVICE_TIMEOUT] = String(Math.max(0, Math.ceil(info.serviceTimeoutMs)));
  const attachments = info.attachments;
  if (attachments !== undefined) {
    const convert: Record<string, string> = {};
    let converted = false;
    for (const key of Object.keys(attachments)) {
      const v = attachments[key] as AttachmentValue;
      const binary = v instanceof Uint8Array;
      const original = binary && !key.toLowerCase().endsWith("-bin") ? `${key}-bin` : key;
      const lower = original.toLowerCase();
      if (lower !== original) {
        convert[lower] = original;
        converted = true;
      }
      const m = new Metadata().append(lower, binary ? v : String(v));
      m.toRecord(h);
    }
    // encodeURIComponent, not grpc-message's encoding: Java reads this with a form decoder,
    // which would turn a literal `+` into a space.
    if (converted) h[TriHeader.HEADER_CONVERT] = encodeURIComponent(JSON.stringify(convert));
  }
  return h;
}

export interface TripleRequestHeaders {
  readonly version: string | undefined;
  readonly group: string | undefined;
  readonly consumerAppName: string | undefined;
  readonly serviceTimeoutMs: number | undefined;
  /** Custom metadata with original key case restored; `-bin` values decoded to bytes. */
  readonly attachments: Map<string, string | Uint8Array>;
}

const TRI_NAMES = new Set<string>(Object.values(TriHeader));

/**
 * Reads the Triple part of request headers. `metadata` should be the custom metadata (see
 * RequestHead.metadata). Group and version fall back to the `rest-service-*` aliases.
 * A malformed `tri-header-convert` or `-bin` value is ignored (keys stay lower case, the
 * value stays text) rather than failing the call over a cosmetic header.
 */
export function parseTripleRequestHeaders(metadata: Metadata): TripleRequestHeaders {
  const convert = parseHeaderConvert(metadata.get(TriHeader.HEADER_CONVERT));
  const timeout = metadata.get(TriHeader.SERVICE_TIMEOUT);
  const attachments = new Map<string, string | Uint8Array>();
  for (const [k, v] of metadata) {
    if (TRI_NAMES.has(k)) continue;
    const name = convert.get(k) ?? k;
    let value: string | Uint8Array = v;
    if (k.endsWith("-bin")) {
      try {
        value = metadata.getBinary(k)[0] ?? new Uint8Array(0);
      } catch {
        value = v;
      }
    }
    if (!attachments.has(name)) attachments.set(name, value);
  }
  return {
    version: metadata.get(TriHeader.SERVICE_VERSION) ?? metadata.get(TriHeader.REST_SERVICE_VERSION),
    group: metadata.get(TriHeader.SERVICE_GROUP) ?? metadata.get(TriHeader.REST_SERVICE_GROUP),
    consumerAppName: metadata.get(TriHeader.CONSUMER_APP_NAME),
    serviceTimeoutMs: timeout !== undefined && /^\d{1,15}$/.test(timeout.trim()) ? Number(timeout.trim()) : undefined,
    attachments,
  };
}

function parseHeaderConvert(value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined) return out;
  let parsed: unknown;
  try {
    // Dubbo encodes with Netty's form encoder and decodes with its form decoder: `+` is a space.
    parsed = JSON.parse(percentDecode(value, { plusAsSpace: true }));
  } catch {
    return out;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return out;
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === "string" && v.toLowerCase() === k) out.set(k, v);
  }
  return out;
}

/** `tri-exception-code` as a number; 0 (Dubbo's "not present") when absent or malformed. */
export function tripleExceptionCode(headers: Metadata): number {
  const v = headers.get(TriHeader.EXCEPTION_CODE)?.trim();
  return v !== undefined && /^-?\d{1,10}$/.test(v) ? Number(v) : 0;
}
