/**
 * Bolt wire constants (sofa-bolt `RpcProtocol`, `RpcProtocolV2`, `RpcCommandType`,
 * `CommandCode`, `SerializerManager`; see /work/shared/spec/rpc-wire.md §3).
 */

/** Protocol name used in codec errors. */
export const PROTOCOL = "bolt";

/** First byte of every frame: protocol code. */
export const PROTOCOL_V1 = 1;
export const PROTOCOL_V2 = 2;

/** Command type byte. */
export const TYPE_RESPONSE = 0;
export const TYPE_REQUEST = 1;
export const TYPE_ONEWAY = 2;

/** Command codes (uint16). */
export const CMD_HEARTBEAT = 0;
export const CMD_REQUEST = 1;
export const CMD_RESPONSE = 2;

/** Fixed header lengths: v2 adds the protocol-version byte and the switch byte. */
export const V1_REQUEST_HEADER = 22;
export const V1_RESPONSE_HEADER = 20;
export const V2_REQUEST_HEADER = 24;
export const V2_RESPONSE_HEADER = 22;
export const CRC_LENGTH = 4;

/** v2 switch bit 0: a CRC32 follows the content (only when the v2 protocol version byte is 2). */
export const SWITCH_CRC = 0x01;

/** The command version byte every sofa-bolt writes. */
export const COMMAND_VERSION = 1;

/** Codec (serializer) ids. SOFARPC's `hessian2` (1) carries either Hessian dialect. */
export const CODEC = Object.freeze({
  HESSIAN2: 1,
  JAVA: 2,
  HESSIAN2_DEPRECATED: 4,
  PROTOBUF: 11,
  JSON: 12,
  MSGPACK: 13,
  PROTOSTUFF: 14,
  FURY: 22,
  FORY: 23,
});

const CODEC_NAMES: ReadonlyMap<number, string> = new Map([
  [1, "hessian2"],
  [2, "java"],
  [4, "hessian2 (deprecated id)"],
  [11, "protobuf"],
  [12, "json"],
  [13, "msgpack"],
  [14, "protostuff"],
  [22, "fury"],
  [23, "fory"],
]);

/** Name of a codec id, `unknown(<id>)` for ids no SOFA component defines. */
export function codecName(id: number): string {
  return CODEC_NAMES.get(id) ?? `unknown(${id})`;
}

/** Default limit on class + header + content bytes of one frame (as Dubbo's payload). */
export const DEFAULT_MAX_BODY_LENGTH = 8 * 1024 * 1024;

/** SOFARPC class names carried in the Bolt class section. */
export const SOFA_REQUEST_CLASS = "com.alipay.sofa.rpc.core.request.SofaRequest";
export const SOFA_RESPONSE_CLASS = "com.alipay.sofa.rpc.core.response.SofaResponse";
/**
 * Field order of the SofaRequest class definition. Java's serializer walks the class then
 * its superclass; captured from SOFARPC 5.13 (fixtures/bolt): the decoder accepts any
 * order, this one is what re-encodes Java's bytes exactly.
 */
export const SOFA_REQUEST_FIELDS = [
  "targetAppName",
  "methodName",
  "targetServiceUniqueName",
  "requestProps",
  "methodArgSigs",
] as const;

/** Field order of the SofaResponse class definition as SOFARPC 5.13 writes it (fixtures/bolt). */
export const SOFA_RESPONSE_FIELDS = ["isError", "errorMsg", "appResponse", "responseProps"] as const;

/** The class of the Bolt-level error payload (sofa-bolt `RpcCommandFactory.createExceptionResponse`). */
export const RPC_SERVER_EXCEPTION_CLASS = "com.alipay.remoting.rpc.exception.RpcServerException";

/** Bolt header keys SOFARPC sets and reads (sofa-rpc `RemotingConstants`). */
export const HEAD = Object.freeze({
  SERVICE: "service",
  METHOD_NAME: "sofa_head_method_name",
  TARGET_SERVICE: "sofa_head_target_service",
  TARGET_APP: "sofa_head_target_app",
  RESPONSE_ERROR: "sofa_head_response_error",
  GENERIC_TYPE: "sofa_head_generic_type",
  SERIALIZE_TYPE: "sofa_head_serialize_type",
});
