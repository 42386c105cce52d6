import { ByteWriter, writeCesu8 } from "@tribridge/core";
import * as C from "./constants.js";
import { writeInt, writeString } from "./write-scalars.js";

/**
 * Encoded class definitions, shared by every encoder: an RPC server writes the same few
 * classes in every response, so the definition bytes are built once and copied after that.
 * Bounded: a stream of ever-new shapes (hostile or generated) cannot grow it without limit.
 */
const MAX_CACHED = 4096;
const cache = [new Map<string, Uint8Array>(), new Map<string, Uint8Array>()];

const joinedNames = new WeakMap<readonly string[], string>();

/** A key for (class name, field names) that is cheap to recompute for a shared names array. */
export function classDefKey(className: string, fieldNames: readonly string[]): string {
  let joined = joinedNames.get(fieldNames);
  if (joined === undefined) {
    joined = fieldNames.join("\u0000");
    joinedNames.set(fieldNames, joined);
  }
  return `${className}\u0001${joined}`;
}

/** What the encoder needs for one (class name, field names): its key and encoded bytes per dialect. */
export interface ClassDefInfo {
  readonly className: string;
  readonly key: string;
  h4: Uint8Array | undefined;
  h3: Uint8Array | undefined;
}

const infos = new WeakMap<readonly string[], ClassDefInfo>();

/**
 * The info for a class, found through its field-name array: the key string is built once
 * (its hash is then cached by the engine), not per message (encode/pojo: building the key
 * and looking up the bytes was ~20% of encoding one POJO).
 */
export function classDefInfo(className: string, fieldNames: readonly string[]): ClassDefInfo {
  let info = infos.get(fieldNames);
  if (info === undefined || info.className !== className) {
    info = { className, key: classDefKey(className, fieldNames), h4: undefined, h3: undefined };
    infos.set(fieldNames, info);
  }
  return info;
}

export function classDefBytes(key: string, className: string, fieldNames: readonly string[], h3: boolean): Uint8Array {
  const map = cache[h3 ? 1 : 0] as Map<string, Uint8Array>;
  let bytes = map.get(key);
  if (bytes !== undefined) return bytes;
  const w = new ByteWriter(h3 ? "hessian3" : "hessian2", 64);
  if (h3) {
    // The draft writes the name as an int length plus raw chars, not as a string value.
    w.u8(C.H3_CLASS_DEF);
    writeInt(w, className.length);
    writeCesu8(w, className);
  } else {
    w.u8(C.H4_CLASS_DEF);
    writeString(w, className, false, false);
  }
  writeInt(w, fieldNames.length);
  for (const name of fieldNames) writeString(w, name, h3, false);
  bytes = w.finish();
  if (map.size >= MAX_CACHED) map.clear();
  map.set(key, bytes);
  return bytes;
}

const internedNames = new Map<string, readonly string[]>();

/**
 * One frozen array per distinct field list, so objects built from JS (wrappers, `java.object`)
 * share it and the encoder's same-shape fast path applies to them too.
 */
export function internFieldNames(names: string[]): readonly string[] {
  const key = names.join("\u0000");
  let shared = internedNames.get(key);
  if (shared === undefined) {
    shared = Object.freeze(names);
    if (internedNames.size >= MAX_CACHED) internedNames.clear();
    internedNames.set(key, shared);
    joinedNames.set(shared, key);
  }
  return shared;
}

/** Whether two field-name lists are equal (objects built one by one have equal, distinct arrays). */
export function sameNames(a: readonly string[], b: readonly string[] | null): boolean {
  if (b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
