/**
 * Clients and servers of every protocol behind one invocation model. Dubbo 2 first:
 * DubboClient and DubboServer. See docs/dubbo.md.
 */

export { Code, Metadata, type Status, StatusError } from "@tribridge/triple";
export { BoltClient, type BoltClientOptions } from "./bolt/client.js";
export { BoltServer, type BoltServerOptions } from "./bolt/server.js";
export { DubboClient, type DubboClientOptions } from "./dubbo/client.js";
export { generalize, realize, remoteErrorFrom, throwableFrom } from "./dubbo/exceptions.js";
export { DubboServer, type DubboServerOptions } from "./dubbo/server.js";
export { RemoteError, RpcError, type RpcErrorCode, type RpcErrorOptions } from "./errors.js";
export * from "./grpc-web/index.js";
export {
  type CallOptions,
  type ClientTransport,
  effectiveDeadline,
  type Handler,
  type Invocation,
  type MethodDefinition,
  normalizeVersion,
  type RpcResult,
  type ServerCall,
  type ServerTransport,
  type ServiceId,
  serviceKey,
} from "./invocation.js";
export { ServiceRegistry } from "./registry.js";
export { GenericPool, type GenericPoolOptions, type PooledConnection } from "./transport/pool.js";
export * from "./triple/index.js";
