import { type DecodedFrame, decodeSofaResponse, isThrowable, statusName } from "@tribridge/bolt";
import type { DecodeLimits } from "@tribridge/core";
import { decode, detectSofaDialect, type HessianValue, JavaMap, JavaObject, toJs } from "@tribridge/hessian2";
import { remoteErrorFrom } from "../dubbo/exceptions.js";
import { toGenericValue } from "../dubbo/values.js";
import { RpcError } from "../errors.js";

/**
 * Request props from call attachments: strings stay strings, plain objects become
 * HashMaps (so `{ rpc_req_baggage: { k: "v" } }` is SOFARPC's baggage), model values pass.
 * Java sends an empty map rather than null, and so do we.
 */
export function toRequestProps(attachments: Readonly<Record<string, unknown>> | undefined): JavaMap {
  const out = new JavaMap(null);
  if (attachments === undefined) return out;
  for (const [k, v] of Object.entries(attachments)) if (v !== undefined) out.set(k, toGenericValue(v));
  return out;
}

/** Props (request or response) as a plain record of JS views. */
export function propsToRecord(props: JavaMap | null): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  if (props === null) return out;
  for (const [k, v] of props.entries) {
    if (typeof k === "string") out[k] = toJs(v as HessianValue, { maps: "auto" });
  }
  return out;
}

/** A SofaResponse whose appResponse is a Throwable: the remote method threw it. */
export function remoteFromSofa(appResponse: HessianValue): void {
  if (isThrowable(appResponse)) throw remoteErrorFrom(appResponse);
}

/**
 * A non-SUCCESS Bolt status as an RpcError. sofa-bolt puts a serialized RpcServerException
 * in the content; its message (the server's reason) is worth reading when it decodes.
 */
export function boltStatusError(f: DecodedFrame, limits: Partial<DecodeLimits> | undefined): RpcError {
  const detail = f.content.length > 0 ? statusDetail(f, limits) : undefined;
  return new RpcError("REMOTE_STATUS", `${statusName(f.status)} (${f.status})${detail ? `: ${detail}` : ""}`, {
    status: f.status,
    statusName: statusName(f.status),
  });
}

/**
 * The reason a failed response carries: sofa-bolt sends an RpcServerException bean,
 * sofa-bolt-node a plain Hessian string under the same class name, some servers a
 * SofaResponse. Both dialects are tried; an unreadable explanation is simply left out.
 */
function statusDetail(f: DecodedFrame, limits: Partial<DecodeLimits> | undefined): string | undefined {
  if (f.className.endsWith("SofaResponse")) {
    try {
      const msg = decodeSofaResponse(f.content, limits === undefined ? {} : { limits }).response.errorMsg;
      if (msg !== null) return msg;
    } catch {
      // sofa-bolt-node names the class SofaResponse but sends an RpcServerException bean
    }
  }
  const first = detectSofaDialect(f.content);
  for (const dialect of first === undefined ? (["hessian2", "hessian3"] as const) : [first]) {
    try {
      const v = decode(f.content, { dialect, ...(limits === undefined ? {} : { limits }) });
      if (typeof v === "string") return v;
      if (v instanceof JavaObject) {
        const m = v.get("detailMessage");
        return typeof m === "string" ? m : undefined;
      }
    } catch {
      // try the other dialect
    }
  }
  return undefined;
}
