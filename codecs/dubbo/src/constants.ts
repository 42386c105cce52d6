/**
 * Numbers of the Dubbo 2 exchange protocol, named as Apache Dubbo names them
 * (ExchangeCodec, Response, serialize/Constants, DubboCodec).
 */

export const PROTOCOL = "dubbo";

export const MAGIC = 0xdabb;
export const MAGIC_HIGH = 0xda;
export const MAGIC_LOW = 0xbb;
export const HEADER_LENGTH = 16;

/** Flag byte bits (header offset 2). */
export const FLAG_REQUEST = 0x80;
export const FLAG_TWO_WAY = 0x40;
export const FLAG_EVENT = 0x20;
export const SERIALIZATION_MASK = 0x1f;

/** Dubbo's default `payload`: 8 MiB of body, checked from the header before buffering. */
export const DEFAULT_PAYLOAD_LIMIT = 8 * 1024 * 1024;

/** Protocol version every current Java peer writes as the first body value. */
export const DUBBO_VERSION = "2.0.2";
/** Service version a Java consumer writes when none is configured. */
export const DEFAULT_SERVICE_VERSION = "0.0.0";

/** Serialization ids (flag bits 0-4), from dubbo-serialization-api's Constants. */
export const SERIALIZATION = Object.freeze({
  hessian2: 2,
  java: 3,
  compactedjava: 4,
  fastjson: 6,
  nativejava: 7,
  kryo: 8,
  fst: 9,
  "native-hessian": 10,
  avro: 11,
  protostuff: 12,
  gson: 16,
  jackson: 18,
  "protobuf-json": 21,
  protobuf: 22,
  fastjson2: 23,
  kryo2: 25,
  msgpack: 27,
  fury: 28,
  "custom-message-pack": 31,
} as const);

export const HESSIAN2_SERIALIZATION_ID = SERIALIZATION.hessian2;

const SERIALIZATION_NAMES = new Map<number, string>(Object.entries(SERIALIZATION).map(([k, v]) => [v, k]));

/** The name Dubbo gives a serialization id, or `unknown`. */
export function serializationName(id: number): string {
  return SERIALIZATION_NAMES.get(id) ?? "unknown";
}

/** Response status byte (header offset 3), from Dubbo's Response class. */
export const STATUS = Object.freeze({
  OK: 20,
  SERIALIZATION_ERROR: 25,
  CLIENT_TIMEOUT: 30,
  SERVER_TIMEOUT: 31,
  CHANNEL_INACTIVE: 35,
  BAD_REQUEST: 40,
  BAD_RESPONSE: 50,
  SERVICE_NOT_FOUND: 60,
  SERVICE_ERROR: 70,
  SERVER_ERROR: 80,
  CLIENT_ERROR: 90,
  SERVER_THREADPOOL_EXHAUSTED_ERROR: 100,
} as const);

export type StatusName = keyof typeof STATUS;

const STATUS_NAMES = new Map<number, StatusName>(
  (Object.entries(STATUS) as [StatusName, number][]).map(([k, v]) => [v, k]),
);

/** The name of a status byte; values Dubbo never defined come back as `UNKNOWN_<n>`. */
export function statusName(status: number): string {
  return STATUS_NAMES.get(status) ?? `UNKNOWN_${status}`;
}

/** First value of a response body (written with writeByte, so a Hessian int). */
export const RESPONSE_TYPE = Object.freeze({
  WITH_EXCEPTION: 0,
  VALUE: 1,
  NULL_VALUE: 2,
  WITH_EXCEPTION_WITH_ATTACHMENTS: 3,
  VALUE_WITH_ATTACHMENTS: 4,
  NULL_VALUE_WITH_ATTACHMENTS: 5,
} as const);

/** Generic invocation: method names and the one descriptor Java accepts for them. */
export const GENERIC_INVOKE = "$invoke";
export const GENERIC_INVOKE_ASYNC = "$invokeAsync";
export const GENERIC_DESCRIPTOR = "Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/Object;";
export const ECHO_METHOD = "$echo";
export const ECHO_DESCRIPTOR = "Ljava/lang/Object;";

/** Payloads of the one-way events a provider sends when it goes read-only or writeable again. */
export const READONLY_EVENT = "R";
export const WRITEABLE_EVENT = "W";
