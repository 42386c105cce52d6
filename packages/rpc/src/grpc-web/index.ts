/** gRPC-Web client (fetch-based: Node and browsers). The server side lives in TripleServer. See docs/grpc-web.md. */
export { type GrpcWebCallOptions, GrpcWebClient, type GrpcWebClientOptions } from "./client.js";
