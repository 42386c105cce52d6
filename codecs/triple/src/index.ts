/**
 * Sans-I/O gRPC and Triple codec: framing, headers, trailers, status, compression,
 * Triple headers and wrappers, and the Triple HTTP/JSON unary form. See docs/triple.md.
 */
export {
  type Compression,
  CompressionRegistry,
  compressMessage,
  decompressMessage,
  deflate,
  gzip,
  identity,
  parseAcceptEncoding,
  type Role,
  resolveEncoding,
  streamCompression,
} from "./compression.js";
export {
  GRPC_CONTENT_TYPE,
  GRPC_JSON_CONTENT_TYPE,
  GRPC_PROTO_CONTENT_TYPE,
  grpcCodecOf,
  grpcContentType,
  type MediaType,
  parseMediaType,
  TRIPLE_JSON_CONTENT_TYPE,
  TRIPLE_PROTO_CONTENT_TYPE,
  TRIPLE_WRAPPER_CONTENT_TYPES,
  tripleSubProtocol,
} from "./content-type.js";
export {
  ENVELOPE_HEADER_LENGTH,
  type Envelope,
  EnvelopeFlag,
  encodeEnvelope,
  encodeEnvelopeHeader,
  encodeEnvelopes,
} from "./envelope.js";
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  decodeEnvelopes,
  EnvelopeDecoder,
  type EnvelopeDecoderOptions,
} from "./envelope-decoder.js";
export {
  buildRequestHeaders,
  buildResponseHeaders,
  buildTrailers,
  buildTrailersOnly,
  parseRequestHeaders,
  parseResponseHeaders,
  type RequestHead,
  type RequestHeadersInit,
  type ResponseHead,
  type ResponseHeadersInit,
  resolveResponseStatus,
  splitPath,
  statusFromTrailers,
} from "./headers.js";
export { codeFromHttpStatus, httpStatusFromCode } from "./http-status.js";
export {
  buildTripleHttpHeaders,
  buildTripleHttpPath,
  decodeTripleJsonArgs,
  decodeTripleJsonResult,
  encodeTripleHttpError,
  encodeTripleJsonArgs,
  encodeTripleJsonResult,
  methodSignature,
  parseTripleHttpError,
  parseTripleHttpPath,
  type TripleHttpError,
  type TripleHttpPath,
  type TripleHttpPathInit,
  type TripleHttpRequestInit,
} from "./json-http.js";
export {
  type HeaderInput,
  type HeaderRecord,
  type HeaderValue,
  isReservedHeader,
  Metadata,
  validateCustomMetadata,
} from "./metadata.js";
export {
  type AnyMessage,
  Code,
  codeFromName,
  codeName,
  connectCodeName,
  isKnownCode,
  OK_STATUS,
  type Status,
  StatusError,
  status,
  statusFromError,
} from "./status.js";
export {
  decodeAny,
  decodeStatusDetailsBin,
  decodeStatusProto,
  encodeAny,
  encodeStatusDetailsBin,
  encodeStatusProto,
} from "./status-details.js";
export {
  formatGrpcTimeout,
  formatGrpcTimeoutMillis,
  type GrpcTimeout,
  grpcTimeoutFromNanos,
  grpcTimeoutToMillis,
  grpcTimeoutToNanos,
  parseGrpcTimeout,
  parseGrpcTimeoutMillis,
  type TimeoutUnit,
} from "./timeout.js";
export {
  type AttachmentValue,
  buildTripleRequestHeaders,
  DEFAULT_SERVICE_VERSION,
  parseTripleRequestHeaders,
  TRI_BIZ_EXCEPTION,
  TriHeader,
  type TripleHeaderOptions,
  type TripleRequestHeaders,
  type TripleRequestInfo,
  tripleExceptionCode,
} from "./tri-headers.js";
export {
  checkRequestWrapper,
  decodeExceptionWrapper,
  decodeRequestWrapper,
  decodeResponseWrapper,
  encodeExceptionWrapper,
  encodeRequestWrapper,
  encodeResponseWrapper,
  serializationFromWire,
  serializationToWire,
  type TripleExceptionWrapper,
  type TripleRequestWrapper,
  type TripleResponseWrapper,
} from "./wrapper.js";
