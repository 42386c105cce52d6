import { EncodeError } from "@tribridge/core";
import {
  attachmentsToRecord,
  fromDescriptor,
  GENERIC_DESCRIPTOR,
  GENERIC_INVOKE,
  GENERIC_INVOKE_ASYNC,
  javaArg,
  type RequestMessage,
  type ResponseBody,
  STATUS,
  supportsResponseAttachments,
  toAttachments,
} from "@tribridge/dubbo";
import { type HessianValue, JavaList } from "@tribridge/hessian2";
import type { MethodDefinition, ServerCall, ServiceId } from "../invocation.js";
import type { ServiceRegistry } from "../registry.js";
import { generalize, realize, throwableFrom } from "./exceptions.js";
import type { ServerConnectionState } from "./server.js";

/** Runs one request against the registry and writes its response (nothing for one-way calls). */
export async function dispatch(
  registry: ServiceRegistry,
  state: ServerConnectionState,
  msg: RequestMessage,
  controller: AbortController,
  maxBodyLength: number,
): Promise<void> {
  const { body } = msg;
  const attachments = attachmentsToRecord(body.attachments);
  const group = attachments.group;
  const service: ServiceId = {
    interface: body.path,
    version: body.version,
    ...(typeof group === "string" && group !== "" ? { group } : {}),
  };
  const reply = (r: ResponseBody | { status: number; message: string }) => {
    if (!msg.twoWay || state.framed.isClosed) return;
    if ("status" in r) {
      state.framed.sendError(msg.id, r.status, r.message);
      return;
    }
    try {
      state.framed.send({ type: "response", id: msg.id, body: r });
    } catch (e) {
      // Java answers an oversized or unencodable result with an error status, never silence.
      const tooBig = e instanceof EncodeError && e.reason === "limit-exceeded";
      state.framed.sendError(
        msg.id,
        tooBig ? STATUS.SERIALIZATION_ERROR : STATUS.BAD_RESPONSE,
        `${tooBig ? `response exceeds payload ${maxBodyLength}` : "response cannot be encoded"}: ${String((e as Error).message)}`,
      );
    }
  };
  if (!registry.hasService(service)) {
    reply({ status: STATUS.SERVICE_ERROR, message: `Not found exported service: ${describeService(service)}` });
    return;
  }
  const generic =
    (body.method === GENERIC_INVOKE || body.method === GENERIC_INVOKE_ASYNC) && body.descriptor === GENERIC_DESCRIPTOR;
  let method: MethodDefinition | undefined;
  let name = body.method;
  let types: string[];
  let args: HessianValue[];
  try {
    if (generic) {
      name = String(body.args[0]);
      types = listItems(body.args[1]).map(String);
      const raw = listItems(body.args[2]);
      const overloads = registry.overloads(service, name);
      method = types.length > 0 || overloads.length !== 1 ? registry.find(service, name, types) : overloads[0];
      if (method !== undefined) types = [...method.parameterTypes];
      args = raw.map((a, i) => realize(a, types[i]));
    } else {
      types = fromDescriptor(body.descriptor);
      method = registry.find(service, name, types);
      args = [...body.args];
    }
  } catch (e) {
    reply({ status: STATUS.BAD_REQUEST, message: `Fail to decode request due to: ${(e as Error).message}` });
    return;
  }
  if (method === undefined) {
    reply({
      status: STATUS.BAD_REQUEST,
      message: `Fail to decode request due to: service ${describeService(service)} has no method ${name}(${types.join(", ")})`,
    });
    return;
  }
  const timeout = Number(attachments.timeout);
  const deadline = Number.isFinite(timeout) && timeout > 0 ? Date.now() + timeout : undefined;
  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined) {
    timer = setTimeout(() => controller.abort(new Error("deadline passed")), deadline - Date.now());
  }
  const responseAttachments: Record<string, unknown> = {};
  const call: ServerCall = {
    service,
    method: name,
    parameterTypes: types,
    args,
    attachments,
    responseAttachments,
    deadline,
    signal: controller.signal,
    generic,
    remoteAddress: state.framed.remoteAddress,
  };
  const withAttachments = supportsResponseAttachments(body.dubboVersion);
  const att = () => (withAttachments ? toAttachments({ ...responseAttachments, dubbo: "2.0.2" } as never) : undefined);
  try {
    let value = (await method.handler(call)) as HessianValue;
    if (value === undefined) value = null;
    if (method.returnType !== undefined && method.returnType !== "void") value = javaArg(value, method.returnType);
    if (generic) value = generalize(value);
    const a = att();
    reply(
      value === null
        ? { kind: "null", ...(a === undefined ? {} : { attachments: a }) }
        : { kind: "value", value, ...(a === undefined ? {} : { attachments: a }) },
    );
  } catch (e) {
    const a = att();
    reply({ kind: "exception", exception: throwableFrom(e), ...(a === undefined ? {} : { attachments: a }) });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function listItems(v: HessianValue | undefined): HessianValue[] {
  if (v instanceof JavaList) return v.items;
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  throw new Error(`expected a list in a generic call, got ${typeof v}`);
}

function describeService(s: ServiceId): string {
  return `${s.group ? `${s.group}/` : ""}${s.interface}:${s.version ?? "0.0.0"}`;
}
