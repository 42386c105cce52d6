import { decodeBase64, encodeBase64 } from "@tribridge/core";
import { ProtoReader, ProtoWriter } from "./proto-wire.js";
import type { AnyMessage, Status } from "./status.js";

// google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
// google.protobuf.Any { string type_url = 1; bytes value = 2; }
// Encoded by hand: three fields do not justify a protobuf runtime.

const PROTOCOL = "grpc-status-details";

/** Serializes a google.rpc.Status. Default values (0, "") are omitted as proto3 does. */
export function encodeStatusProto(s: Status): Uint8Array {
  const w = new ProtoWriter(PROTOCOL);
  if (s.code !== 0) w.int32Field(1, s.code);
  if (s.message !== "") w.stringField(2, s.message);
  for (const d of s.details) w.bytesField(3, encodeAny(d));
  return w.finish();
}

export function encodeAny(any: AnyMessage): Uint8Array {
  const w = new ProtoWriter(PROTOCOL);
  if (any.typeUrl !== "") w.stringField(1, any.typeUrl);
  if (any.value.length > 0) w.bytesField(2, any.value);
  return w.finish();
}

/** Parses a google.rpc.Status; unknown fields are skipped, as protobuf parsers must. */
export function decodeStatusProto(bytes: Uint8Array): Status {
  const r = new ProtoReader(bytes, PROTOCOL);
  let code = 0;
  let message = "";
  const details: AnyMessage[] = [];
  for (let field = r.next(); field !== 0; field = r.next()) {
    if (field === 1 && r.wireType === 0) code = r.int32();
    else if (field === 2 && r.wireType === 2) message = r.string();
    else if (field === 3 && r.wireType === 2) details.push(decodeAny(r.bytes()));
    else r.skip();
  }
  return { code, message, details };
}

export function decodeAny(bytes: Uint8Array): AnyMessage {
  const r = new ProtoReader(bytes, PROTOCOL);
  let typeUrl = "";
  let value: Uint8Array = new Uint8Array(0);
  for (let field = r.next(); field !== 0; field = r.next()) {
    if (field === 1 && r.wireType === 2) typeUrl = r.string();
    else if (field === 2 && r.wireType === 2) value = r.bytes().slice();
    else r.skip();
  }
  return { typeUrl, value };
}

/** The `grpc-status-details-bin` value: base64 without padding, as gRPC implementations send. */
export function encodeStatusDetailsBin(s: Status): string {
  return encodeBase64(encodeStatusProto(s), { padding: false });
}

/** Parses `grpc-status-details-bin`, padded or not. Throws a DecodeError on bad base64 or protobuf. */
export function decodeStatusDetailsBin(value: string): Status {
  const trimmed = value.trim();
  // A repeated binary header may arrive joined with commas; the first one is the status.
  const first = trimmed.includes(",") ? (trimmed.split(",")[0] as string).trim() : trimmed;
  // An all-default google.rpc.Status (code 0, no message, no details) is zero bytes, so its
  // base64 is empty: a valid value, not a malformed one.
  return decodeStatusProto(first === "" ? new Uint8Array(0) : decodeBase64(first, PROTOCOL));
}
