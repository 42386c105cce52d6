import {
  create,
  createFileRegistry,
  type DescMessage,
  type DescService,
  type FileRegistry,
  fromBinary,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { MethodInfo } from "./client.js";
import {
  type BidiStreamingHandler,
  bidiStreamingMethod,
  type ClientStreamingHandler,
  clientStreamingMethod,
  type ServerStreamingHandler,
  serverStreamingMethod,
  type UnaryHandler,
  unaryMethod,
} from "./methods.js";
import type { TripleServer } from "./server.js";
import type { RawMethod, Serializer, StreamContext } from "./types.js";

/**
 * Protobuf through @bufbuild/protobuf, generated code or not: schemas can come from
 * `protoc-gen-es` output or be loaded at run time from a FileDescriptorSet (what
 * `protoc --descriptor_set_out`, `buf build -o` or protobufjs' `toDescriptor` produce).
 */

/** A registry of every message and service in a serialized FileDescriptorSet. */
export function registryFromDescriptorSet(bytes: Uint8Array): FileRegistry {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
}

/** Binary protobuf for one message type; plain init objects are accepted on serialize. */
export function protoSerializer<D extends DescMessage>(schema: D): Serializer<MessageShape<D>> {
  return {
    serialize: (v) =>
      toBinary(schema, (v as { $typeName?: string }).$typeName === undefined ? create(schema, v as never) : v),
    parse: (b) => fromBinary(schema, b),
  };
}

// The generic message shape of a run-time schema: fields by their JSON-style local names.
type AnyMessage = MessageShape<DescMessage>;

/** Client-side MethodInfo for every method of a service, keyed by method name (`SayHello`). */
export function protoMethods(service: DescService): Record<string, MethodInfo<AnyMessage, AnyMessage>> {
  const out: Record<string, MethodInfo<AnyMessage, AnyMessage>> = {};
  for (const m of service.methods) {
    out[m.name] = {
      path: `/${service.typeName}/${m.name}`,
      kind: m.methodKind,
      input: protoSerializer(m.input) as Serializer<AnyMessage>,
      output: protoSerializer(m.output) as Serializer<AnyMessage>,
    };
  }
  return out;
}

/**
 * Handlers by method name; each must match its method's kind (unary: `(req, ctx) => reply`,
 * server streaming: `(req, ctx) => iterable`, client streaming: `(reqs, ctx) => reply`, bidi:
 * `(reqs, ctx) => iterable`). Requests are typed loosely since run-time schemas have no TS types.
 */
export type ProtoImplementation = Record<string, (request: never, ctx: StreamContext) => unknown>;

/** Registers a protobuf (IDL) service on a TripleServer at `/package.Service/Method`. */
export function addProtoService(server: TripleServer, service: DescService, impl: ProtoImplementation): void {
  for (const m of service.methods) {
    const h = impl[m.name] ?? impl[m.localName];
    if (h === undefined) continue; // unregistered methods answer UNIMPLEMENTED
    const req = protoSerializer(m.input) as Serializer<AnyMessage>;
    const res = protoSerializer(m.output) as Serializer<unknown>;
    let raw: RawMethod;
    switch (m.methodKind) {
      case "unary":
        raw = unaryMethod(req, res, h as UnaryHandler<AnyMessage, unknown>);
        break;
      case "server_streaming":
        raw = serverStreamingMethod(req, res, h as ServerStreamingHandler<AnyMessage, unknown>);
        break;
      case "client_streaming":
        raw = clientStreamingMethod(req, res, h as ClientStreamingHandler<AnyMessage, unknown>);
        break;
      default:
        raw = bidiStreamingMethod(req, res, h as BidiStreamingHandler<AnyMessage, unknown>);
    }
    server.addMethod(service.typeName, m.name, raw);
  }
}
