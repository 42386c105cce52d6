/**
 * SOFA Bolt protocol codec, sans-I/O: v1 and v2 frames (CRC32), heartbeats, status codes,
 * codec ids, the SimpleMapSerializer header map, an incremental frame splitter, and the
 * SOFARPC layer (SofaRequest / SofaResponse in either Hessian dialect). See docs/bolt.md.
 */

export * from "./constants.js";
export { crc32 } from "./crc32.js";
export {
  type BoltFrame,
  type DecodedFrame,
  decodeFrame,
  encodeFrame,
  type FrameEncodeOptions,
  heartbeatRequest,
  heartbeatResponse,
  isHeartbeat,
  type ProtocolFields,
} from "./frame.js";
export { FrameSplitter, type FrameSplitterOptions, PayloadTooLargeError, type RawFrame } from "./frame-splitter.js";
export { type BoltHead, headLengthOf, isRequestType, peekHeadLength, readHead } from "./header.js";
export { decodeHeaderMap, encodeHeaderMap, type HeaderMap } from "./header-map.js";
export { sigToType, typeToSig } from "./signatures.js";
export {
  encodeSofaRequestFrame,
  encodeSofaResponseFrame,
  type SofaFrameOptions,
  type SofaRequestFrameFields,
  type SofaResponseFrameFields,
} from "./sofa-frame.js";
export {
  contentDialect,
  decodeSofaRequest,
  encodeSofaRequest,
  parseUniqueName,
  type SofaDecodeOptions,
  type SofaEncodeOptions,
  type SofaRequest,
  sofaRequestHeader,
  sofaRequestObject,
  uniqueName,
} from "./sofa-request.js";
export {
  decodeSofaResponse,
  encodeSofaResponse,
  isThrowable,
  type SofaResponse,
  sofaResponseHeader,
  sofaResponseObject,
} from "./sofa-response.js";
export { STATUS, statusName } from "./status.js";
