/**
 * Dubbo 2 protocol codec, sans-I/O: 16-byte header, request and response bodies over
 * Hessian 2, events and heartbeats, an incremental frame splitter, parameter-type
 * descriptors and the mapping of JS arguments to declared Java types. See docs/dubbo.md.
 */

export { javaArg, javaArgs } from "./args.js";
export { type Attachments, attachmentsToRecord, type BodyDecodeOptions, toAttachments } from "./body-io.js";
export * from "./constants.js";
export {
  descriptorArity,
  descriptorToType,
  fromDescriptor,
  splitDescriptor,
  toDescriptor,
  typeToDescriptor,
} from "./descriptor.js";
export {
  checkSerialization,
  type DubboMessage,
  decodeFrame,
  decodeFrameBody,
  type ErrorResponseMessage,
  type EventMessage,
  encodeBody,
  encodeFrame,
  type FrameDecodeOptions,
  type FrameEncodeOptions,
  heartbeatRequest,
  heartbeatResponse,
  isHeartbeat,
  type RequestMessage,
  type ResponseMessage,
} from "./frame.js";
export { FrameSplitter, type FrameSplitterOptions, PayloadTooLargeError, type RawFrame } from "./frame-splitter.js";
export { type DubboHeader, encodeHeader, flagByte, readHeader, writeHeader } from "./header.js";
export { decodeRequestBody, encodeRequestBody, type RequestBody } from "./request-body.js";
export {
  decodeResponseBody,
  encodeResponseBody,
  type ResponseBody,
  responseType,
  supportsResponseAttachments,
} from "./response-body.js";
