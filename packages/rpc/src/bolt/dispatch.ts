import {
  type BoltHead,
  CMD_RESPONSE,
  CODEC,
  type DecodedFrame,
  decodeSofaRequest,
  encodeSofaResponseFrame,
  parseUniqueName,
  RPC_SERVER_EXCEPTION_CLASS,
  type SofaResponse,
  STATUS,
  sigToType,
  TYPE_ONEWAY,
  TYPE_RESPONSE,
} from "@tribridge/bolt";
import { CodecError, EncodeError } from "@tribridge/core";
import { javaArg } from "@tribridge/dubbo";
import { type Dialect, encode, type HessianValue, JavaMap } from "@tribridge/hessian2";
import { throwableFrom } from "../dubbo/exceptions.js";
import { RemoteError } from "../errors.js";
import type { MethodDefinition, ServiceId } from "../invocation.js";
import type { ServiceRegistry } from "../registry.js";
import type { BoltConnectionState, ResolvedBoltServerOptions } from "./server.js";
import { BoltServerCall } from "./server-call.js";

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

/**
 * Runs one SOFARPC request and writes its answer (none for one-way), in the request's
 * dialect. A handler that returns a plain value is answered before this returns, with no
 * promise in between; one that returns a promise is registered in `state.calls` (where
 * connection close and shutdown reach it) and the promise returned settles after its answer.
 */
export function dispatch(
  registry: ServiceRegistry,
  state: BoltConnectionState,
  f: DecodedFrame,
  options: ResolvedBoltServerOptions,
): Promise<void> | undefined {
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
    return undefined;
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
    return undefined;
  }
  const { request, dialect } = decoded;
  const reply = (r: SofaResponse) => {
    if (!twoWay || state.framed.isClosed) return;
    try {
      state.framed.write(
        encodeSofaResponseFrame(
          {
            protocol: f.protocol,
            protocolVersion: f.protocolVersion,
            switches: f.switches,
            requestId: f.requestId,
            codec: f.codec,
          },
          r,
          { dialect, maxBodyLength: options.maxBodyLength },
        ),
      );
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

  const service = serviceOf(request.targetServiceUniqueName);
  if (!registry.hasService(service)) {
    error(`RPC-020000000: Cannot find invoker of service ${request.targetServiceUniqueName}`);
    return undefined;
  }
  const types = typesOf(request.methodArgSigs);
  const method: MethodDefinition | undefined = registry.find(service, request.methodName, types);
  if (method === undefined) {
    error(
      `RPC-020000000: Cannot find method ${request.methodName}(${types.join(", ")}) of ${request.targetServiceUniqueName}`,
    );
    return undefined;
  }
  const call = new BoltServerCall(
    service,
    request.methodName,
    types,
    request.args,
    request.requestProps,
    f.timeout > 0 ? Date.now() + f.timeout : undefined,
    state.framed.remoteAddress,
  );
  const props = () => {
    const entries = Object.entries(call.responseAttachments).filter(([, v]) => typeof v === "string") as [
      string,
      string,
    ][];
    return entries.length === 0 ? null : new JavaMap(null, entries);
  };
  const answer = (v: unknown) => {
    call.finish();
    let value: HessianValue;
    try {
      value = v === undefined ? null : (v as HessianValue);
      if (method.returnType !== undefined && method.returnType !== "void") value = javaArg(value, method.returnType);
    } catch (e) {
      fail(e);
      return;
    }
    reply({ isError: false, errorMsg: null, appResponse: value, responseProps: props() });
  };
  // A business exception travels as the appResponse (SOFARPC: isError stays false).
  const fail = (e: unknown) => {
    call.finish();
    reply({ isError: false, errorMsg: null, appResponse: throwableFrom(e), responseProps: props() });
  };
  let result: unknown;
  try {
    result = method.handler(call);
  } catch (e) {
    fail(e);
    return undefined;
  }
  if (!isThenable(result)) {
    answer(result);
    return undefined;
  }
  const id = f.requestId;
  state.calls.set(id, call);
  const done = () => {
    if (state.calls.get(id) === call) state.calls.delete(id);
  };
  return Promise.resolve(result).then(
    (v) => {
      done();
      answer(v);
    },
    (e) => {
      done();
      fail(e);
    },
  );
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

// The last unique name and signature list seen: a connection calling one method in a loop
// parses neither again.
let lastName = "";
let lastService: ServiceId = { interface: "", version: "" };

function serviceOf(uniqueName: string): ServiceId {
  if (uniqueName === lastName) return lastService;
  const name = parseUniqueName(uniqueName);
  lastService = {
    interface: name.interface,
    version: name.version,
    ...(name.uniqueId ? { group: name.uniqueId } : {}),
  };
  lastName = uniqueName;
  return lastService;
}

let lastSigs: readonly string[] = [];
let lastTypes: string[] = [];

function typesOf(sigs: readonly string[]): string[] {
  if (sigs.length === lastSigs.length && sigs.every((s, i) => s === lastSigs[i])) return lastTypes;
  lastTypes = sigs.map(sigToType);
  lastSigs = [...sigs];
  return lastTypes;
}
