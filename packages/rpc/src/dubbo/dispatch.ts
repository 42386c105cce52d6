import { EncodeError } from "@tribridge/core";
import {
  type Attachments,
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
import type { MethodDefinition, ServiceId } from "../invocation.js";
import type { ServiceRegistry } from "../registry.js";
import { generalize, realize, throwableFrom } from "./exceptions.js";
import type { DubboSocket } from "./framed-socket.js";
import { DubboServerCall } from "./server-call.js";

/** Where a dispatched call is answered, and who tracks the calls still running on it. */
export interface DispatchTarget {
  readonly framed: DubboSocket;
  readonly calls: Map<bigint, DubboServerCall>;
}

/** Descriptors seen in requests are few; their parsed form is kept (bounded). */
const DESCRIPTOR_CACHE_SIZE = 512;
/** Response attachments when the handler set none (shared, never mutated). */
const DEFAULT_RESPONSE_ATTACHMENTS: Attachments = toAttachments({ dubbo: "2.0.2" });

/**
 * Runs requests against the registry and writes their responses (nothing for one-way
 * calls). A handler that returns a plain value is answered before `dispatch` returns,
 * with no promise, timer or AbortController made for it; one that returns a promise is
 * tracked in `target.calls` until it settles.
 */
export class Dispatcher {
  private readonly registry: ServiceRegistry;
  private readonly maxBodyLength: number;
  private readonly onSettled: (call: DubboServerCall) => void;
  private readonly descriptors = new Map<string, readonly string[]>();

  constructor(registry: ServiceRegistry, maxBodyLength: number, onSettled: (call: DubboServerCall) => void) {
    this.registry = registry;
    this.maxBodyLength = maxBodyLength;
    this.onSettled = onSettled;
  }

  /** Returns the call when its handler is still running (it is then in `target.calls`). */
  dispatch(target: DispatchTarget, msg: RequestMessage): DubboServerCall | undefined {
    const { body } = msg;
    const attachments = body.attachments;
    const group = attachments.get("group");
    const service: ServiceId =
      typeof group === "string" && group !== ""
        ? { interface: body.path, version: body.version, group }
        : { interface: body.path, version: body.version };
    const methods = this.methodsOf(service);
    if (methods === undefined) {
      this.replyError(target, msg, STATUS.SERVICE_ERROR, `Not found exported service: ${describeService(service)}`);
      return undefined;
    }
    const generic =
      (body.method === GENERIC_INVOKE || body.method === GENERIC_INVOKE_ASYNC) &&
      body.descriptor === GENERIC_DESCRIPTOR;
    let method: MethodDefinition | undefined;
    let name = body.method;
    let types: readonly string[];
    let args: readonly HessianValue[];
    try {
      if (generic) {
        name = String(body.args[0]);
        types = listItems(body.args[1]).map(String);
        const raw = listItems(body.args[2]);
        const overloads = methods.get(name) ?? [];
        method = types.length > 0 || overloads.length !== 1 ? findOverload(overloads, types) : overloads[0];
        if (method !== undefined) types = method.parameterTypes;
        const declared = types;
        args = raw.map((a, i) => realize(a, declared[i]));
      } else {
        types = this.parameterTypes(body.descriptor);
        method = findOverload(methods.get(name), types);
        args = body.args;
      }
    } catch (e) {
      this.replyError(target, msg, STATUS.BAD_REQUEST, `Fail to decode request due to: ${(e as Error).message}`);
      return undefined;
    }
    if (method === undefined) {
      this.replyError(
        target,
        msg,
        STATUS.BAD_REQUEST,
        `Fail to decode request due to: service ${describeService(service)} has no method ${name}(${types.join(", ")})`,
      );
      return undefined;
    }
    const timeout = Number(attachments.get("timeout"));
    const deadline = Number.isFinite(timeout) && timeout > 0 ? Date.now() + timeout : undefined;
    const call = new DubboServerCall(
      service,
      name,
      types,
      args,
      attachments,
      deadline,
      generic,
      target.framed.remoteAddress,
    );
    let result: unknown;
    try {
      result = method.handler(call);
    } catch (e) {
      this.replyException(target, msg, call, e);
      call.finish();
      return undefined;
    }
    if (!isThenable(result)) {
      this.replyValue(target, msg, call, method, result);
      call.finish();
      return undefined;
    }
    target.calls.set(msg.id, call);
    const m = method;
    result.then(
      (v) => this.settle(target, msg, call, () => this.replyValue(target, msg, call, m, v)),
      (e: unknown) => this.settle(target, msg, call, () => this.replyException(target, msg, call, e)),
    );
    return call;
  }

  private settle(target: DispatchTarget, msg: RequestMessage, call: DubboServerCall, reply: () => void): void {
    try {
      // Past its deadline the caller has given up: a value now would only race its timer and
      // could be taken for success. SERVER_TIMEOUT is what Java consumers map to a timeout.
      if (call.deadline !== undefined && Date.now() >= call.deadline) {
        this.replyError(
          target,
          msg,
          STATUS.SERVER_TIMEOUT,
          `server-side timeout: ${describeService(call.service)}.${call.method} ran past the caller's deadline`,
        );
      } else {
        reply();
      }
    } finally {
      call.finish();
      if (target.calls.get(msg.id) === call) target.calls.delete(msg.id);
      this.onSettled(call);
    }
  }

  /** The registry lookup, remembered for the last service asked (calls come in runs). */
  private methodsOf(service: ServiceId): ReadonlyMap<string, readonly MethodDefinition[]> | undefined {
    const last = this.lastService;
    if (
      last !== undefined &&
      last.size === this.registry.size &&
      last.service.interface === service.interface &&
      last.service.version === service.version &&
      last.service.group === service.group
    ) {
      return last.methods;
    }
    const methods = this.registry.methodsOf(service);
    this.lastService = { service, size: this.registry.size, methods };
    return methods;
  }

  private lastService:
    | {
        readonly service: ServiceId;
        readonly size: number;
        readonly methods: ReadonlyMap<string, readonly MethodDefinition[]> | undefined;
      }
    | undefined;

  private parameterTypes(descriptor: string): readonly string[] {
    let types = this.descriptors.get(descriptor);
    if (types === undefined) {
      types = Object.freeze(fromDescriptor(descriptor));
      if (this.descriptors.size >= DESCRIPTOR_CACHE_SIZE) this.descriptors.clear();
      this.descriptors.set(descriptor, types);
    }
    return types;
  }

  private replyValue(
    target: DispatchTarget,
    msg: RequestMessage,
    call: DubboServerCall,
    method: MethodDefinition,
    result: unknown,
  ): void {
    let value: HessianValue;
    try {
      value = result === undefined ? null : (result as HessianValue);
      if (method.returnType !== undefined && method.returnType !== "void") value = javaArg(value, method.returnType);
      if (call.generic) value = generalize(value);
    } catch (e) {
      this.replyException(target, msg, call, e);
      return;
    }
    const attachments = this.responseAttachments(msg, call);
    this.reply(
      target,
      msg,
      value === null
        ? attachments === undefined
          ? { kind: "null" }
          : { kind: "null", attachments }
        : attachments === undefined
          ? { kind: "value", value }
          : { kind: "value", value, attachments },
    );
  }

  private replyException(target: DispatchTarget, msg: RequestMessage, call: DubboServerCall, error: unknown): void {
    const attachments = this.responseAttachments(msg, call);
    const exception = throwableFrom(error);
    this.reply(
      target,
      msg,
      attachments === undefined ? { kind: "exception", exception } : { kind: "exception", exception, attachments },
    );
  }

  private responseAttachments(msg: RequestMessage, call: DubboServerCall): Attachments | undefined {
    if (!supportsResponseAttachments(msg.body.dubboVersion)) return undefined;
    const own = call.responseAttachments;
    for (const _ in own) return toAttachments({ ...own, dubbo: "2.0.2" } as Record<string, HessianValue>);
    return DEFAULT_RESPONSE_ATTACHMENTS;
  }

  private reply(target: DispatchTarget, msg: RequestMessage, body: ResponseBody): void {
    const framed = target.framed;
    if (!msg.twoWay || framed.isClosed) return;
    try {
      framed.send({ type: "response", id: msg.id, body });
    } catch (e) {
      // Java answers an oversized or unencodable result with an error status, never silence.
      const tooBig = e instanceof EncodeError && e.reason === "limit-exceeded";
      framed.sendError(
        msg.id,
        tooBig ? STATUS.SERIALIZATION_ERROR : STATUS.BAD_RESPONSE,
        `${tooBig ? `response exceeds payload ${this.maxBodyLength}` : "response cannot be encoded"}: ${String((e as Error).message)}`,
      );
    }
  }

  private replyError(target: DispatchTarget, msg: RequestMessage, status: number, message: string): void {
    if (msg.twoWay && !target.framed.isClosed) target.framed.sendError(msg.id, status, message);
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

function findOverload(
  overloads: readonly MethodDefinition[] | undefined,
  types: readonly string[],
): MethodDefinition | undefined {
  if (overloads === undefined) return undefined;
  for (const m of overloads) {
    const p = m.parameterTypes;
    if (p.length !== types.length) continue;
    let same = true;
    for (let i = 0; i < p.length && same; i++) same = p[i] === types[i];
    if (same) return m;
  }
  return undefined;
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
