/**
 * Hessian 2.0 codec: the final bytecodes (`hessian2`: Dubbo hessian-lite, Caucho 4,
 * sofa-hessian 4) and the 3.1 draft (`hessian3`: sofa-hessian 3.x, SOFARPC's default).
 * See docs/hessian2.md for the value model, the JS view and the quirks list.
 */

export { decode, decodeAll, decodeAllJs, decodeJs, detectSofaDialect, encode, encodeAll } from "./api.js";
export type { BigIntegerLayout } from "./big-integer.js";
export { type DecodeOptions, HessianDecoder } from "./decoder.js";
export { type EncodeOptions, HessianEncoder } from "./encoder.js";
export { HessianDecodeError, HessianEncodeError } from "./errors.js";
export { javaFloatToDouble } from "./float.js";
export { arrayType, java } from "./java.js";
export { javaClass, jsViewPrototype } from "./js-shapes.js";
export { type Dialect, type HessianValue, JavaDouble, JavaFloat, JavaList, JavaMap, JavaObject } from "./model.js";
export { type ToJsOptions, toJs } from "./to-js.js";
