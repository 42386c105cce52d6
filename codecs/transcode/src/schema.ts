import {
  createFileRegistry,
  type DescMethod,
  type DescService,
  type FileRegistry,
  fromBinary,
  getExtension,
  hasExtension,
  type JsonObject,
  toJson,
} from "@bufbuild/protobuf";
import {
  type FileDescriptorProto,
  FileDescriptorSetSchema,
  file_google_protobuf_any,
  file_google_protobuf_api,
  file_google_protobuf_descriptor,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_source_context,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_type,
  file_google_protobuf_wrappers,
} from "@bufbuild/protobuf/wkt";
import type { HttpRuleInit } from "./http-rule.js";
import { type ParsedFile, ProtoSourceError, parseProtoFile, type TypeIndex } from "./proto-source.js";

/**
 * Run-time schemas: a protobuf-es registry plus the `google.api.http` rule of each method,
 * from `.proto` sources (read through a callback: this codec does no I/O) or from a
 * serialized `FileDescriptorSet` (protoc `--descriptor_set_out --include_imports`, buf images).
 */
export interface Schema {
  readonly registry: FileRegistry;
  /** Fully-qualified method name (`pkg.Service.Method`) → its HttpRule, for annotated methods. */
  readonly httpRules: ReadonlyMap<string, HttpRuleInit>;
  /** Every service of the registry, by full name. */
  service(fullName: string): DescService | undefined;
  /** `pkg.Service.Method` or `/pkg.Service/Method`. */
  method(name: string): DescMethod | undefined;
}

/** Returns the text of an import path (`google/api/annotations.proto`), or undefined when absent. */
export type ProtoReader = (path: string) => string | undefined;

// The well-known types come from protobuf-es itself (their descriptors are embedded there),
// so a user never needs to ship google/protobuf/*.proto.
const WKT = new Map(
  [
    file_google_protobuf_any,
    file_google_protobuf_api,
    file_google_protobuf_descriptor,
    file_google_protobuf_duration,
    file_google_protobuf_empty,
    file_google_protobuf_field_mask,
    file_google_protobuf_source_context,
    file_google_protobuf_struct,
    file_google_protobuf_timestamp,
    file_google_protobuf_type,
    file_google_protobuf_wrappers,
  ].map((f) => [f.proto.name, f]),
);

const MAX_FILES = 10_000;

/**
 * Loads `entries` and everything they import. Imports are read with `read`; the
 * google/protobuf well-known files are built in. Files are visited depth-first so that each
 * file's imports are known before its own type names are resolved.
 */
export function loadProtoSchema(entries: readonly string[], read: ProtoReader): Schema {
  const index: TypeIndex = new Map();
  const done = new Map<string, ParsedFile>();
  const order: FileDescriptorProto[] = [];
  const wktUsed = new Set<string>();
  const visiting = new Set<string>();
  const indexWkt = (name: string): void => {
    if (wktUsed.has(name)) return;
    const f = WKT.get(name);
    if (f === undefined) return;
    wktUsed.add(name);
    for (const dep of f.dependencies) indexWkt(dep.proto.name);
    for (const m of f.messages) indexNested(index, m);
    for (const e of f.enums) index.set(e.typeName, "enum");
  };
  const visit = (name: string, from: string): void => {
    if (done.has(name) || wktUsed.has(name)) return;
    if (WKT.has(name)) {
      indexWkt(name);
      return;
    }
    if (visiting.has(name)) throw new ProtoSourceError(name, `import cycle through ${from}`);
    if (done.size >= MAX_FILES) throw new ProtoSourceError(name, "too many files");
    const text = read(name);
    if (text === undefined) throw new ProtoSourceError(from, `import ${JSON.stringify(name)} not found`);
    visiting.add(name);
    // Imports are scanned from the text first, so their types are indexed before this file is resolved.
    for (const m of text.matchAll(/^\s*import\s+(?:public\s+|weak\s+)?["']([^"']+)["']\s*;/gm)) {
      visit(m[1] as string, name);
    }
    const parsed = parseProtoFile(name, text, index);
    visiting.delete(name);
    done.set(name, parsed);
    order.push(parsed.proto);
  };
  for (const e of entries) visit(e, "(entry)");
  const wktProtos = [...wktUsed].map((n) => (WKT.get(n) as typeof file_google_protobuf_any).proto);
  const registry = createFileRegistry({
    $typeName: "google.protobuf.FileDescriptorSet",
    file: [...wktProtos, ...order],
  });
  const rules = new Map<string, HttpRuleInit>();
  for (const f of done.values()) for (const [k, v] of f.httpRules) rules.set(k, v as HttpRuleInit);
  return makeSchema(registry, rules);
}

function indexNested(
  index: TypeIndex,
  m: { typeName: string; nestedMessages: readonly unknown[]; nestedEnums: readonly { typeName: string }[] },
): void {
  index.set(m.typeName, "message");
  for (const e of m.nestedEnums) index.set(e.typeName, "enum");
  for (const n of m.nestedMessages) indexNested(index, n as typeof m);
}

/**
 * Loads a serialized FileDescriptorSet. HttpRules are read from each method's options
 * through the `google.api.http` extension, so the set must include google/api/http.proto
 * and annotations.proto (`--include_imports`), as Envoy also requires.
 */
export function loadDescriptorSet(bytes: Uint8Array): Schema {
  const set = fromBinary(FileDescriptorSetSchema, bytes);
  const registry = createFileRegistry(set);
  const rules = new Map<string, HttpRuleInit>();
  const ext = registry.getExtension("google.api.http");
  if (ext !== undefined) {
    for (const file of registry.files) {
      for (const svc of file.services) {
        for (const m of svc.methods) {
          const opts = m.proto.options;
          if (opts === undefined || !hasExtension(opts, ext)) continue;
          const rule = getExtension(opts, ext);
          // The message is dynamic (no generated HttpRule type); its JSON form is the plain data we need.
          const json = toJson(ext.message as never, rule as never, { registry }) as JsonObject;
          rules.set(`${svc.typeName}.${m.name}`, json as HttpRuleInit);
        }
      }
    }
  }
  return makeSchema(registry, rules);
}

function makeSchema(registry: FileRegistry, httpRules: Map<string, HttpRuleInit>): Schema {
  return {
    registry,
    httpRules,
    service: (name) => registry.getService(name),
    method(name) {
      const n = name.startsWith("/") ? name.slice(1).replace("/", ".") : name;
      const dot = n.lastIndexOf(".");
      if (dot < 0) return undefined;
      return registry.getService(n.slice(0, dot))?.methods.find((m) => m.name === n.slice(dot + 1));
    },
  };
}
