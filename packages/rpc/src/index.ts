/**
 * Clients and servers of every protocol behind one invocation model. Dubbo 2 first:
 * DubboClient and DubboServer. See docs/dubbo.md.
 */

export { DubboClient, type DubboClientOptions } from "./dubbo/client.js";
export { generalize, realize, remoteErrorFrom, throwableFrom } from "./dubbo/exceptions.js";
export { DubboServer, type DubboServerOptions } from "./dubbo/server.js";
export { RemoteError, RpcError, type RpcErrorCode, type RpcErrorOptions } from "./errors.js";
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
