import { javaArg } from "@tribridge/dubbo";
import { decode, encode, type HessianValue } from "@tribridge/hessian2";
import {
  Code,
  checkRequestWrapper,
  decodeRequestWrapper,
  encodeResponseWrapper,
  parseTripleRequestHeaders,
  StatusError,
  serializationFromWire,
  TRI_BIZ_EXCEPTION,
  TriHeader,
} from "@tribridge/triple";
import { throwableFrom } from "../dubbo/exceptions.js";
import type { ServerCall, ServiceId } from "../invocation.js";
import type { ServiceRegistry } from "../registry.js";
import { classNameToType } from "./java-names.js";
import type { RawMethod, StreamContext } from "./types.js";

const HESSIAN_WIRE = "hessian4";

/**
 * Non-IDL (wrapper mode) unary methods, as Dubbo Java serves an interface without protobuf
 * types: a TripleRequestWrapper of Hessian-serialized arguments in, a TripleResponseWrapper
 * out. A thrown exception goes back the way Dubbo 3.3 sends it (golden captures): grpc-status
 * 0, response header `tri-exception-code: 3`, the Hessian Throwable as the wrapper's data.
 */
export function wrapperMethod(registry: ServiceRegistry, methodName: string): RawMethod {
  return {
    kind: "unary",
    handler: async (ctx, requests, send) => {
      let body: Uint8Array | undefined;
      for await (const r of requests) body = r;
      if (body === undefined) throw new StatusError(Code.INTERNAL, "no request message");
      const tri = parseTripleRequestHeaders(ctx.metadata);
      const service: ServiceId = {
        interface: ctx.service,
        ...(tri.version === undefined ? {} : { version: tri.version }),
        ...(tri.group === undefined || tri.group === "" ? {} : { group: tri.group }),
      };
      if (!registry.hasService(service)) {
        throw new StatusError(Code.UNIMPLEMENTED, `service ${describe(service)} not found`);
      }
      let wrapper: ReturnType<typeof decodeRequestWrapper>;
      let args: HessianValue[];
      try {
        wrapper = decodeRequestWrapper(body);
        checkRequestWrapper(wrapper);
        const serialization = serializationFromWire(wrapper.serializeType);
        if (serialization !== "hessian2" && wrapper.args.length > 0) {
          throw new StatusError(Code.UNIMPLEMENTED, `serialization ${wrapper.serializeType} not supported`);
        }
        args = wrapper.args.map((a) => decode(a));
      } catch (e) {
        if (e instanceof StatusError) throw e;
        throw new StatusError(Code.INTERNAL, `bad request wrapper: ${(e as Error).message}`, { cause: e });
      }
      const argTypes = wrapper.argTypes.map(classNameToType);
      const method = registry.find(service, methodName, argTypes);
      if (method === undefined) {
        throw new StatusError(
          Code.UNIMPLEMENTED,
          `${describe(service)} has no method ${methodName}(${argTypes.join(", ")})`,
        );
      }
      const responseAttachments: Record<string, unknown> = {};
      const call: ServerCall = {
        service,
        method: methodName,
        parameterTypes: method.parameterTypes,
        args,
        attachments: Object.fromEntries(tri.attachments),
        responseAttachments,
        deadline: ctx.deadline,
        signal: ctx.signal,
        generic: false,
        remoteAddress: ctx.remoteAddress,
      };
      const returnType = method.returnType ?? "java.lang.Object";
      let data: Uint8Array;
      try {
        let value = (await method.handler(call)) as HessianValue;
        if (value === undefined) value = null;
        if (method.returnType !== undefined && method.returnType !== "void") value = javaArg(value, method.returnType);
        // Java always writes the value, a null as Hessian `N` (golden captures); an absent
        // field makes its consumer fail with "Deserialize response failed".
        data = encode(value);
      } catch (e) {
        if (e instanceof StatusError) throw e;
        ctx.responseHeaders.set(TriHeader.EXCEPTION_CODE, String(TRI_BIZ_EXCEPTION));
        data = encode(throwableFrom(e));
      }
      copyAttachments(responseAttachments, ctx);
      await send(encodeResponseWrapper({ serializeType: HESSIAN_WIRE, data, type: returnType }));
    },
  };
}

/** Response attachments travel as trailers (strings and bytes only, like Dubbo's). */
function copyAttachments(att: Record<string, unknown>, ctx: StreamContext): void {
  for (const [k, v] of Object.entries(att)) {
    const key = k.toLowerCase();
    if (v instanceof Uint8Array) ctx.responseTrailers.set(key.endsWith("-bin") ? key : `${key}-bin`, v);
    else if (v !== null && v !== undefined) ctx.responseTrailers.set(key, String(v));
  }
}

function describe(s: ServiceId): string {
  return `${s.group ? `${s.group}/` : ""}${s.interface}:${s.version ?? ""}`;
}
