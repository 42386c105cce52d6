/** Triple / gRPC over node:http2 (client and server), gRPC-Web and Triple JSON served beside it. See docs/triple.md. */

export {
  type MethodInfo,
  rawMethod,
  type TripleCallOptions,
  TripleClient,
  type TripleClientOptions,
} from "./client.js";
export { type CallOutcome, ClientCall } from "./client-call.js";
export type { CorsOptions } from "./cors.js";
export {
  type BidiStreamingHandler,
  bidiStreamingMethod,
  type ClientStreamingHandler,
  clientStreamingMethod,
  type ServerStreamingHandler,
  serverStreamingMethod,
  type UnaryHandler,
  unaryMethod,
} from "./methods.js";
export {
  addProtoService,
  type ProtoImplementation,
  protoMethods,
  protoSerializer,
  registryFromDescriptorSet,
} from "./proto.js";
export { TripleServer, type TripleServerOptions } from "./server.js";
export {
  bytesSerializer,
  type MethodKind,
  type RawHandler,
  type RawMethod,
  type Serializer,
  type ServerProtocol,
  type StreamContext,
  TripleError,
} from "./types.js";
