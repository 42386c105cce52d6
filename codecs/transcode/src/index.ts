/**
 * JSON transcoding, sans-I/O: google.api.http rules and a compiled router, proto3 JSON with
 * run-time schemas (protobuf-es), JSON ⇄ Java-typed Hessian values for Dubbo and SOFA
 * services, one error model, and the gateway envelopes in use. See docs/transcode.md.
 */

export {
  EnvelopeError,
  type EnvelopeKind,
  type EnvelopeRequest,
  type EnvelopeResponse,
  type EnvelopeWriteOptions,
  readEnvelope,
  writeError,
  writeResult,
} from "./envelopes.js";
export {
  BOLT_STATUS_CODES,
  boltStatusCode,
  DUBBO_RPC_EXCEPTION_CODES,
  DUBBO_STATUS_CODES,
  dubboStatusCode,
  errorInfo,
  type HttpError,
  httpError,
  httpErrorFrom,
  JAVA_EXCEPTION_CODES,
  javaExceptionCode,
  RPC_ERROR_CODES,
  type RpcErrorLike,
} from "./error-mapping.js";
export {
  applyBinding,
  type FieldBinding,
  parseQuery,
  type QueryOptions,
  UnknownFieldPathError,
} from "./field-bindings.js";
export { type Binding, bindingsOf, describeBinding, HttpRuleError, type HttpRuleInit } from "./http-rule.js";
export { HttpTranscoder, type HttpTranscoderOptions, type TranscodedRequest } from "./http-transcoder.js";
export { TIME_TYPES } from "./java-time.js";
export { type JavaToJsonOptions, JsonNumber, javaToJson, stringifyJson } from "./java-to-json.js";
export { erasure, type JavaType, JavaTypeError, parseJavaType } from "./java-type.js";
export { JavaJsonError, type JavaJsonOptions, jsonToJava, jsonToJavaArgs } from "./json-to-java.js";
export {
  type PathTemplate,
  parseTemplate,
  type Segment,
  TemplateSyntaxError,
  type TemplateVariable,
  templateKey,
} from "./path-template.js";
export type { ProtoJsonOptions } from "./proto-json.js";
export { ProtoSourceError } from "./proto-source.js";
export {
  type PathVariable,
  type RouteConflict,
  RouteConflictError,
  type RouteMatch,
  Router,
  type RouterOptions,
} from "./router.js";
export { loadDescriptorSet, loadProtoSchema, type ProtoReader, type Schema } from "./schema.js";
export { type UrlUnescapeSpec, urlUnescape } from "./url-unescape.js";
