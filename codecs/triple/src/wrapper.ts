import { DecodeError } from "@tribridge/core";
import { ProtoReader, ProtoWriter } from "./proto-wire.js";

// Triple's wrapper messages for Java-interface (non-protobuf) services, from Dubbo's
// triple_wrapper.proto (package org.apache.dubbo.triple). Every field is length-delimited.
// Field order on output follows Dubbo's hand-written writer (TripleCustomerProtocolWrapper)
// so our bytes equal Java's; on input any order is accepted, as Java does.

const PROTOCOL = "triple-wrapper";

/** TripleRequestWrapper: serializeType = 1, args = 2 (repeated), argTypes = 3 (repeated). */
export interface TripleRequestWrapper {
  /** Wire name of the serialization, e.g. `hessian4` (Dubbo's hessian2), `fastjson2`, `json`. */
  readonly serializeType: string;
  /** One serialized blob per argument. */
  readonly args: readonly Uint8Array[];
  /** Java class names of the declared parameter types, e.g. `java.lang.String`. */
  readonly argTypes: readonly string[];
}

/** TripleResponseWrapper: serializeType = 1, data = 2, type = 3. */
export interface TripleResponseWrapper {
  readonly serializeType: string;
  /** Serialized return value (or exception); undefined when Java's field was null. */
  readonly data: Uint8Array | undefined;
  /** Java class name of the declared return type. */
  readonly type: string;
}

/** TripleExceptionWrapper: language = 1, serialization = 2, className = 3, data = 4. */
export interface TripleExceptionWrapper {
  readonly language: string;
  readonly serialization: string;
  readonly className: string;
  readonly data: Uint8Array;
}

export function encodeRequestWrapper(w: TripleRequestWrapper): Uint8Array {
  const p = new ProtoWriter(PROTOCOL, 64 + w.args.reduce((n, a) => n + a.length + 5, 0));
  p.stringField(1, w.serializeType);
  for (const a of w.args) p.bytesField(2, a);
  for (const t of w.argTypes) p.stringField(3, t);
  return p.finish();
}

export function decodeRequestWrapper(bytes: Uint8Array): TripleRequestWrapper {
  const r = new ProtoReader(bytes, PROTOCOL);
  let serializeType = "";
  const args: Uint8Array[] = [];
  const argTypes: string[] = [];
  for (let f = r.next(); f !== 0; f = r.next()) {
    if (f === 1) serializeType = r.string();
    else if (f === 2) args.push(r.bytes());
    else if (f === 3) argTypes.push(r.string());
    else r.skip();
  }
  return { serializeType, args, argTypes };
}

export function encodeResponseWrapper(w: TripleResponseWrapper): Uint8Array {
  const p = new ProtoWriter(PROTOCOL, 64 + (w.data?.length ?? 0));
  p.stringField(1, w.serializeType);
  if (w.data !== undefined) p.bytesField(2, w.data);
  p.stringField(3, w.type);
  return p.finish();
}

export function decodeResponseWrapper(bytes: Uint8Array): TripleResponseWrapper {
  const r = new ProtoReader(bytes, PROTOCOL);
  let serializeType = "";
  let data: Uint8Array | undefined;
  let type = "";
  for (let f = r.next(); f !== 0; f = r.next()) {
    if (f === 1) serializeType = r.string();
    else if (f === 2) data = r.bytes();
    else if (f === 3) type = r.string();
    else r.skip();
  }
  return { serializeType, data, type };
}

export function encodeExceptionWrapper(w: TripleExceptionWrapper): Uint8Array {
  const p = new ProtoWriter(PROTOCOL, 64 + w.data.length);
  p.stringField(1, w.language);
  p.stringField(2, w.serialization);
  p.stringField(3, w.className);
  p.bytesField(4, w.data);
  return p.finish();
}

export function decodeExceptionWrapper(bytes: Uint8Array): TripleExceptionWrapper {
  const r = new ProtoReader(bytes, PROTOCOL);
  let language = "";
  let serialization = "";
  let className = "";
  let data: Uint8Array = new Uint8Array(0);
  for (let f = r.next(); f !== 0; f = r.next()) {
    if (f === 1) language = r.string();
    else if (f === 2) serialization = r.string();
    else if (f === 3) className = r.string();
    else if (f === 4) data = r.bytes();
    else r.skip();
  }
  return { language, serialization, className, data };
}

/**
 * Dubbo calls its Hessian serialization `hessian2` but writes `hessian4` into wrappers
 * (ReflectionPackableMethod convertHessianToWrapper); other names pass unchanged.
 */
export function serializationToWire(name: string): string {
  return name === "hessian2" ? "hessian4" : name;
}

/** The inverse of `serializationToWire`. */
export function serializationFromWire(name: string): string {
  return name === "hessian4" ? "hessian2" : name;
}

/** Checks a request wrapper's internal consistency (one type per argument). */
export function checkRequestWrapper(w: TripleRequestWrapper): void {
  if (w.args.length !== w.argTypes.length) {
    throw new DecodeError(`${w.args.length} argument(s) but ${w.argTypes.length} argument type(s)`, {
      protocol: PROTOCOL,
      reason: "malformed",
      offset: 0,
    });
  }
}
