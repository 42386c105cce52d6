import { create, type JsonObject } from "@bufbuild/protobuf";
import {
  type DescriptorProto,
  DescriptorProtoSchema,
  type EnumDescriptorProto,
  EnumDescriptorProtoSchema,
  EnumOptionsSchema,
  EnumValueDescriptorProtoSchema,
  type FieldDescriptorProto,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  type FileDescriptorProto,
  FileDescriptorProtoSchema,
  MessageOptionsSchema,
  MethodDescriptorProtoSchema,
  OneofDescriptorProtoSchema,
  ServiceDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import protobuf from "protobufjs";

/**
 * `.proto` source text to `FileDescriptorProto`, at run time and without protoc: protobufjs
 * parses each file (its parser only; nothing of its reflection is kept), and this module
 * builds the descriptors protobuf-es wants, resolving type names by protobuf's scoping rules
 * itself (protobufjs's resolver would need the well-known types loaded into it).
 *
 * What it keeps: packages, messages (nested), enums, fields with labels, oneofs, proto3
 * `optional`, maps, `json_name`, `packed`, services and methods with streaming flags,
 * `extend` fields (so `google.api.http` is a real extension), and each method's
 * `(google.api.http)` option, returned as plain data. Other options are dropped: they do
 * not change the JSON or binary form. Editions and proto2 groups are refused.
 */

export interface ParsedFile {
  readonly proto: FileDescriptorProto;
  /** `pkg.Service.Method` → the `(google.api.http)` option as written (proto field names). */
  readonly httpRules: ReadonlyMap<string, JsonObject>;
}

const SCALARS: Record<string, FieldDescriptorProto_Type> = {
  double: FieldDescriptorProto_Type.DOUBLE,
  float: FieldDescriptorProto_Type.FLOAT,
  int64: FieldDescriptorProto_Type.INT64,
  uint64: FieldDescriptorProto_Type.UINT64,
  int32: FieldDescriptorProto_Type.INT32,
  fixed64: FieldDescriptorProto_Type.FIXED64,
  fixed32: FieldDescriptorProto_Type.FIXED32,
  bool: FieldDescriptorProto_Type.BOOL,
  string: FieldDescriptorProto_Type.STRING,
  bytes: FieldDescriptorProto_Type.BYTES,
  uint32: FieldDescriptorProto_Type.UINT32,
  sfixed32: FieldDescriptorProto_Type.SFIXED32,
  sfixed64: FieldDescriptorProto_Type.SFIXED64,
  sint32: FieldDescriptorProto_Type.SINT32,
  sint64: FieldDescriptorProto_Type.SINT64,
};

/** Kind of every named type known so far, by full name without the leading dot. */
export type TypeIndex = Map<string, "message" | "enum">;

export class ProtoSourceError extends Error {
  constructor(file: string, why: string) {
    super(`${file}: ${why}`);
    this.name = "ProtoSourceError";
  }
}

// biome-ignore lint/suspicious/noExplicitAny: protobufjs reflection objects are loosely typed.
type Reflected = any;

/** Parses one file; `index` must already hold the types of its imports, and receives this file's. */
export function parseProtoFile(name: string, text: string, index: TypeIndex): ParsedFile {
  const syntax = /^\s*syntax\s*=\s*["']proto([23])["']/m.exec(text);
  if (/^\s*edition\s*=/m.test(text)) throw new ProtoSourceError(name, "editions are not supported");
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(text, new protobuf.Root(), { keepCase: true, alternateCommentMode: false });
  } catch (e) {
    throw new ProtoSourceError(name, (e as Error).message);
  }
  const pkg = parsed.package ?? "";
  const file = create(FileDescriptorProtoSchema, {
    name,
    package: pkg,
    dependency: [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])],
    syntax: syntax?.[1] === "3" ? "proto3" : "proto2",
  });
  const proto3 = file.syntax === "proto3";
  const pkgNs: Reflected = pkg === "" ? parsed.root : parsed.root.lookup(pkg);
  // First pass: register every type name, so fields may refer to types declared later.
  const register = (ns: Reflected, prefix: string): void => {
    for (const child of ns.nestedArray ?? []) {
      const full = prefix === "" ? child.name : `${prefix}.${child.name}`;
      if (child instanceof protobuf.Type) {
        index.set(full, "message");
        register(child, full);
      } else if (child instanceof protobuf.Enum) index.set(full, "enum");
    }
  };
  if (pkgNs !== null) register(pkgNs, pkg);
  const httpRules = new Map<string, JsonObject>();
  const ctx: Ctx = { name, index, proto3 };
  for (const child of pkgNs?.nestedArray ?? []) {
    if (child instanceof protobuf.Type) file.messageType.push(message(ctx, child, pkg));
    else if (child instanceof protobuf.Enum) file.enumType.push(enumOf(child));
    else if (child instanceof protobuf.Service) {
      const svc = create(ServiceDescriptorProtoSchema, { name: child.name });
      const svcFull = pkg === "" ? child.name : `${pkg}.${child.name}`;
      for (const m of (child as Reflected).methodsArray) {
        svc.method.push(
          create(MethodDescriptorProtoSchema, {
            name: m.name,
            inputType: `.${resolve(ctx, m.requestType, pkg, "message")}`,
            outputType: `.${resolve(ctx, m.responseType, pkg, "message")}`,
            clientStreaming: m.requestStream === true,
            serverStreaming: m.responseStream === true,
          }),
        );
        const rule = httpOption(m);
        if (rule !== undefined) httpRules.set(`${svcFull}.${m.name}`, rule);
      }
      file.service.push(svc);
    }
  }
  // `extend` blocks at file level (protobufjs keeps them as fields with `extend` set).
  for (const f of fieldsAt(pkgNs)) file.extension.push(field(ctx, f, pkg));
  return { proto: file, httpRules };
}

interface Ctx {
  readonly name: string;
  readonly index: TypeIndex;
  readonly proto3: boolean;
}

function fieldsAt(ns: Reflected): Reflected[] {
  return (ns?.nestedArray ?? []).filter((c: Reflected) => c instanceof protobuf.Field && c.extend !== undefined);
}

function httpOption(method: Reflected): JsonObject | undefined {
  for (const o of method.parsedOptions ?? []) {
    const v = o["(google.api.http)"];
    if (v !== undefined) return normalizeOption(v) as JsonObject;
  }
  return undefined;
}

// protobufjs gives a repeated message option written twice as an array, once as an object.
function normalizeOption(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = k === "additional_bindings" ? (Array.isArray(x) ? x : [x]).map(normalizeOption) : normalizeOption(x);
  }
  return out;
}

/**
 * Protobuf name resolution: a dotted name is looked up in the innermost scope first, then
 * each enclosing scope (`a.b.C` referenced from `a.b.M` tries `a.b.M.X`, `a.b.X`, `a.X`, `X`).
 */
function resolve(ctx: Ctx, ref: string, scope: string, want?: "message" | "enum"): string {
  if (ref.startsWith(".")) {
    const abs = ref.slice(1);
    if (ctx.index.has(abs)) return abs;
  } else {
    let s = scope;
    // Bounded by the number of dots in the scope.
    for (;;) {
      const candidate = s === "" ? ref : `${s}.${ref}`;
      const kind = ctx.index.get(candidate);
      if (kind !== undefined && (want === undefined || kind === want)) return candidate;
      if (s === "") break;
      const dot = s.lastIndexOf(".");
      s = dot < 0 ? "" : s.slice(0, dot);
    }
  }
  throw new ProtoSourceError(ctx.name, `unknown type ${ref} (in ${scope || "the root"})`);
}

function enumOf(e: Reflected): EnumDescriptorProto {
  const out = create(EnumDescriptorProtoSchema, { name: e.name });
  for (const [name, number] of Object.entries(e.values as Record<string, number>)) {
    out.value.push(create(EnumValueDescriptorProtoSchema, { name, number }));
  }
  if (e.options?.allow_alias === true) out.options = create(EnumOptionsSchema, { allowAlias: true });
  return out;
}

function message(ctx: Ctx, t: Reflected, scope: string): DescriptorProto {
  const full = scope === "" ? t.name : `${scope}.${t.name}`;
  const out = create(DescriptorProtoSchema, { name: t.name });
  if (t.group === true) throw new ProtoSourceError(ctx.name, `${full}: groups are not supported`);
  // Oneofs: real ones first in declaration order, synthetic (proto3 optional) ones last, as protoc orders them.
  const oneofs: Reflected[] = t.oneofsArray ?? [];
  const real = oneofs.filter((o) => !isSynthetic(o));
  const synthetic = oneofs.filter(isSynthetic);
  const oneofIndex = new Map<Reflected, number>();
  for (const o of [...real, ...synthetic]) {
    oneofIndex.set(o, out.oneofDecl.length);
    out.oneofDecl.push(create(OneofDescriptorProtoSchema, { name: o.name }));
  }
  for (const f of t.fieldsArray as Reflected[]) {
    if (f.map === true) {
      // protoc's name for the entry type: the field name in CamelCase plus `Entry`.
      const camel = `${f.name.replace(/(?:^|_)([a-z0-9])/g, (_m: string, c: string) => c.toUpperCase())}Entry`;
      const entry = create(DescriptorProtoSchema, {
        name: camel,
        options: create(MessageOptionsSchema, { mapEntry: true }),
      });
      entry.field.push(scalarOrRef(ctx, "key", 1, f.keyType, full, FieldDescriptorProto_Label.OPTIONAL));
      entry.field.push(scalarOrRef(ctx, "value", 2, f.type, full, FieldDescriptorProto_Label.OPTIONAL));
      out.nestedType.push(entry);
      const fd = create(FieldDescriptorProtoSchema, {
        name: f.name,
        number: f.id,
        label: FieldDescriptorProto_Label.REPEATED,
        type: FieldDescriptorProto_Type.MESSAGE,
        typeName: `.${full}.${camel}`,
        jsonName: protocJsonName(f.name),
      });
      if (typeof f.options?.json_name === "string") fd.jsonName = f.options.json_name;
      out.field.push(fd);
      continue;
    }
    const fd = field(ctx, f, full);
    if (f.partOf !== null && f.partOf !== undefined) {
      fd.oneofIndex = oneofIndex.get(f.partOf) as number;
      if (isSynthetic(f.partOf)) fd.proto3Optional = true;
    }
    out.field.push(fd);
  }
  for (const child of t.nestedArray ?? []) {
    if (child instanceof protobuf.Type) out.nestedType.push(message(ctx, child, full));
    else if (child instanceof protobuf.Enum) out.enumType.push(enumOf(child));
  }
  for (const f of fieldsAt(t)) out.extension.push(field(ctx, f, full));
  return out;
}

function isSynthetic(o: Reflected): boolean {
  const fields: Reflected[] = o.fieldsArray ?? [];
  return fields.length === 1 && fields[0].options?.proto3_optional === true;
}

function field(ctx: Ctx, f: Reflected, scope: string): FieldDescriptorProto {
  const label =
    f.rule === "repeated"
      ? FieldDescriptorProto_Label.REPEATED
      : f.rule === "required"
        ? FieldDescriptorProto_Label.REQUIRED
        : FieldDescriptorProto_Label.OPTIONAL;
  const fd = scalarOrRef(ctx, f.name, f.id, f.type, scope, label);
  if (f.extend !== undefined) fd.extendee = `.${resolve(ctx, f.extend, scope, "message")}`;
  if (typeof f.options?.json_name === "string") fd.jsonName = f.options.json_name;
  if (typeof f.options?.packed === "boolean") fd.options = create(FieldOptionsSchema, { packed: f.options.packed });
  if (f.options?.default !== undefined) fd.defaultValue = String(f.options.default);
  return fd;
}

function scalarOrRef(
  ctx: Ctx,
  name: string,
  number: number,
  type: string,
  scope: string,
  label: FieldDescriptorProto_Label,
): FieldDescriptorProto {
  const jsonName = protocJsonName(name);
  const scalar = SCALARS[type];
  if (scalar !== undefined) return create(FieldDescriptorProtoSchema, { name, number, label, type: scalar, jsonName });
  const full = resolve(ctx, type, scope);
  const kind = ctx.index.get(full);
  return create(FieldDescriptorProtoSchema, {
    name,
    number,
    label,
    type: kind === "enum" ? FieldDescriptorProto_Type.ENUM : FieldDescriptorProto_Type.MESSAGE,
    typeName: `.${full}`,
    jsonName,
  });
}

/** protoc's default json_name: underscores dropped, the letter after each one upper-cased. */
function protocJsonName(name: string): string {
  let out = "";
  let upper = false;
  for (const c of name) {
    if (c === "_") upper = true;
    else {
      out += upper ? c.toUpperCase() : c;
      upper = false;
    }
  }
  return out;
}
