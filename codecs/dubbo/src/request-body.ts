import type { HessianValue } from "@tribridge/hessian2";
import { type Attachments, type BodyDecodeOptions, BodyReader, encodeWith } from "./body-io.js";
import { descriptorArity } from "./descriptor.js";

/** The body of an invocation request, in wire order (DubboCodec.encodeRequestData). */
export interface RequestBody {
  /** Protocol version of the caller, `"2.0.2"` today; gates response attachments. */
  readonly dubboVersion: string;
  /** Service path: the interface name. */
  readonly path: string;
  /** Service version, `"0.0.0"` when none. */
  readonly version: string;
  readonly method: string;
  /** JVM parameter-type descriptor (`Ljava/lang/String;I`), `""` for no parameters. */
  readonly descriptor: string;
  /** One value per descriptor entry. */
  readonly args: readonly HessianValue[];
  /** `path`, `interface`, `version`, `group`, `timeout`... and user keys. Group travels only here. */
  readonly attachments: Attachments;
}

/** Encodes the body; the argument count must match the descriptor. */
export function encodeRequestBody(body: RequestBody, maxBytes?: number): Uint8Array {
  const count = descriptorArity(body.descriptor);
  if (count !== body.args.length) {
    throw new RangeError(
      `descriptor ${JSON.stringify(body.descriptor)} declares ${count} argument(s), got ${body.args.length}`,
    );
  }
  return encodeWith(maxBytes, (enc) => {
    enc.write(body.dubboVersion).write(body.path).write(body.version).write(body.method).write(body.descriptor);
    for (const a of body.args) enc.write(a);
    enc.write(body.attachments);
  });
}

/**
 * Decodes a request body from `bytes[start, end)`. The descriptor says how many
 * arguments follow, as on the Java side; the attachments map closes the body.
 */
export function decodeRequestBody(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  streamOffset = start,
  options?: BodyDecodeOptions,
): RequestBody {
  const r = new BodyReader(bytes, start, end, streamOffset, options);
  const dubboVersion = r.string("dubbo version");
  const path = r.string("service path");
  const version = r.string("service version");
  const method = r.string("method name");
  const descriptor = r.string("parameter types");
  const count = descriptorArity(descriptor);
  const args: HessianValue[] = [];
  for (let i = 0; i < count; i++) {
    if (!r.hasMore) r.fail(`descriptor declares ${count} argument(s), body has ${i}`);
    args.push(r.value());
  }
  const attachments = r.attachments();
  r.end();
  return { dubboVersion, path, version, method, descriptor, args, attachments };
}
