import {
  type BoltHead,
  CMD_RESPONSE,
  CODEC,
  type DecodedFrame,
  decodeSofaRequest,
  encodeHeaderMap,
  encodeSofaResponse,
  parseUniqueName,
  RPC_SERVER_EXCEPTION_CLASS,
  SOFA_RESPONSE_CLASS,
  type SofaResponse,
  STATUS,
  sigToType,
  sofaResponseHeader,
  TYPE_ONEWAY,
  TYPE_RESPONSE,
} from "@tribridge/bolt";
import { CodecError, EncodeError } from "@tribridge/core";
import { javaArg } from "@tribridge/dubbo";
import { type Dialect, encode, type HessianValue, JavaMap } from "@tribridge/hessian2";
import { throwableFrom } from "../dubbo/exceptions.js";
import { RemoteError } from "../errors.js";
import type { MethodDefinition, ServerCall, ServiceId } from "../invocation.js";
import type { ServiceRegistry } from "../registry.js";
import type { BoltConnectionState, ResolvedBoltServerOptions } from "./server.js";
import { propsToRecord } from "./values.js";

type Head = Pick<BoltHead, "protocol" | "protocolVersion" | "switches" | "requestId" | "codec">;

/**
 * A Bolt-level failure (non-SUCCESS status) as sofa-bolt sends it: class RpcServerException
 * and the exception bean as content, so a Java client can show the reason.
 */
export function sendStatus(
  state: BoltConnectionState,
  head: Head,
  status: number,
  message: string,
  options: ResolvedBoltServerOptions,
  dialect: Dialect = options.fallbackDialect,
): void {
  if (state.framed.isClosed) return;
  const room = Math.max(0, Math.floor((options.maxBodyLength - 512) / 3));
  const text = message.length > room ? message.slice(0, room) : message;
  const bean = throwableFrom(new RemoteError(RPC_SERVER_EXCEPTION_CLASS, text));
  state.framed.send({
    protocol: head.protocol,
    protocolVersion: head.protocolVersion,
    switches: head.switches,
    type: TYPE_RESPONSE,
    cmdCode: CMD_RESPONSE,
    requestId: head.requestId,
    codec: head.codec,
    status,
    className: RPC_SERVER_EXCEPTION_CLASS,
    header: new Uint8Array(0),
    content: encode(bean, { dialect }),
  });
}

/** Runs one SOFARPC request and writes its answer (none for one-way), in the request's dialect. */
export async function dispatch(
  registry: ServiceRegistry,
  state: BoltConnectionState,
  f: DecodedFrame,
  controller: AbortController,
  options: ResolvedBoltServerOptions,
): Promise<void> {
  const twoWay = f.type !== TYPE_ONEWAY;
  if (f.codec !== CODEC.HESSIAN2 && f.codec !== CODEC.HESSIAN2_DEPRECATED) {
    if (twoWay)
      sendStatus(
        state,
        f,
        STATUS.SERVER_DESERIAL_EXCEPTION,
        `unsupported codec ${f.codec}; only hessian2 (1)`,
        options,
      );
    return;
  }
  let decoded: ReturnType<typeof decodeSofaRequest>;
  try {
    decoded = decodeSofaRequest(f.content, {
      streamOffset: f.head.headLength + f.head.classLength + f.head.headerLength,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    if (twoWay)
      sendStatus(state, f, STATUS.SERVER_DESERIAL_EXCEPTION, `cannot decode the request: ${e.message}`, options);
    return;
  }
  const { request, dialect } = decoded;
  const reply = (r: SofaResponse) => {
    if (!twoWay || state.framed.isClosed) return;
    try {
      state.framed.send({
        protocol: f.protocol,
        protocolVersion: f.protocolVersion,
        switches: f.switches,
        type: TYPE_RESPONSE,
        cmdCode: CMD_RESPONSE,
        requestId: f.requestId,
        codec: f.codec,
        status: STATUS.SUCCESS,
        className: SOFA_RESPONSE_CLASS,
        header: encodeHeaderMap(sofaResponseHeader(r)),
        content: encodeSofaResponse(r, { dialect, maxBytes: options.maxBodyLength }),
      });
    } catch (e) {
      // Java answers an unencodable or oversized result with a serialization status, never silence.
      const tooBig = e instanceof EncodeError && e.reason === "limit-exceeded";
      sendStatus(
        state,
        f,
        STATUS.SERVER_SERIAL_EXCEPTION,
        `${tooBig ? "response too large" : "response cannot be encoded"}: ${(e as Error).message}`,
        options,
        dialect,
      );
    }
  };
  const error = (message: string) =>
    reply({ isError: true, errorMsg: message, appResponse: null, responseProps: null });

  const name = parseUniqueName(request.targetServiceUniqueName);
  const service: ServiceId = {
    interface: name.interface,
    version: name.version,
    ...(name.uniqueId ? { group: name.uniqueId } : {}),
  };
  if (!registry.hasService(service)) {
    error(`RPC-020000000: Cannot find invoker of service ${request.targetServiceUniqueName}`);
    return;
  }
  const types = request.methodArgSigs.map(sigToType);
  const method: MethodDefinition | undefined = registry.find(service, request.methodName, types);
  if (method === undefined) {
    error(
      `RPC-020000000: Cannot find method ${request.methodName}(${types.join(", ")}) of ${request.targetServiceUniqueName}`,
    );
    return;
  }
  const deadline = f.timeout > 0 ? Date.now() + f.timeout : undefined;
  const timer =
    deadline === undefined ? undefined : setTimeout(() => controller.abort(new Error("deadline passed")), f.timeout);
  const responseAttachments: Record<string, unknown> = {};
  const call: ServerCall = {
    service,
    method: request.methodName,
    parameterTypes: types,
    args: request.args,
    attachments: propsToRecord(request.requestProps),
    responseAttachments,
    deadline,
    signal: controller.signal,
    generic: false,
    remoteAddress: state.framed.remoteAddress,
  };
  const props = () => {
    const entries = Object.entries(responseAttachments).filter(([, v]) => typeof v === "string") as [string, string][];
    return entries.length === 0 ? null : new JavaMap(null, entries);
  };
  try {
    let value = (await method.handler(call)) as HessianValue;
    if (value === undefined) value = null;
    if (method.returnType !== undefined && method.returnType !== "void") value = javaArg(value, method.returnType);
    reply({ isError: false, errorMsg: null, appResponse: value, responseProps: props() });
  } catch (e) {
    // A business exception travels as the appResponse (SOFARPC: isError stays false).
    reply({ isError: false, errorMsg: null, appResponse: throwableFrom(e), responseProps: props() });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
