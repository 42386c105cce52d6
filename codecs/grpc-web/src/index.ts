/**
 * Sans-I/O gRPC-Web codec: binary and base64 text bodies, the trailer frame, content types
 * and the header rewrites between gRPC-Web and gRPC. See docs/grpc-web.md.
 */
export {
  GRPC_WEB_CONTENT_TYPE,
  GRPC_WEB_PROTO_CONTENT_TYPE,
  GRPC_WEB_TEXT_CONTENT_TYPE,
  GRPC_WEB_TEXT_PROTO_CONTENT_TYPE,
  type GrpcWebContentType,
  grpcWebContentType,
  parseGrpcWebContentType,
  wantsTextResponse,
} from "./content-type.js";
export { GrpcWebDecoder, type GrpcWebDecoderOptions, type GrpcWebFrame } from "./decoder.js";
export {
  encodeMessageFrame,
  encodeResponseBody,
  encodeTrailerFrame,
  GrpcWebFlag,
  isTrailerFlag,
  REQUEST_FLAGS,
  RESPONSE_FLAGS,
} from "./frame.js";
export {
  buildGrpcWebRequestHeaders,
  buildGrpcWebResponseHeaders,
  type GrpcWebRequestHead,
  type GrpcWebRequestInit,
  type GrpcWebResponseHead,
  grpcResponseHeadersToGrpcWeb,
  grpcWebRequestToGrpc,
  parseGrpcWebRequestHeaders,
  parseGrpcWebResponseHeaders,
  resolveGrpcWebStatus,
} from "./headers.js";
export { AlignedTextEncoder, encodeTextChunk } from "./text.js";
export { decodeTrailerBlock, encodeTrailerBlock } from "./trailer.js";
