export {
  type Base64EncodeOptions,
  Base64StreamDecoder,
  type Base64StreamOptions,
  decodeBase64,
  encodeBase64,
} from "./base64.js";
export { ByteReader } from "./byte-reader.js";
export { ByteWriter } from "./byte-writer.js";
export { CodecError, type CodecErrorOptions, type CodecErrorReason, DecodeError, EncodeError } from "./errors.js";
export {
  INT32_MAX,
  INT32_MIN,
  INT64_MAX,
  INT64_MIN,
  int64ToSafeNumberOrBigInt,
  isInt32,
  isInt64,
  parseInt64,
  toInt64,
} from "./int64.js";
export { DEFAULT_DECODE_LIMITS, type DecodeLimits, resolveDecodeLimits } from "./limits.js";
export { type PercentDecodeOptions, percentDecode, percentEncode } from "./percent.js";
export { SlabWriter } from "./slab-writer.js";
export { type FrameLayout, type SplitFrame, StreamSplitter } from "./stream-splitter.js";
export { cesu8ByteLength, decodeUtf8, encodeUtf8, readCesu8Chars, writeCesu8, writeUtf8 } from "./text.js";
