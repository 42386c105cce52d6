import { DecodeError, type SplitFrame, StreamSplitter } from "@tribridge/core";
import { DEFAULT_PAYLOAD_LIMIT, HEADER_LENGTH, PROTOCOL } from "./constants.js";
import { type DubboHeader, readHeader } from "./header.js";

/**
 * A frame whose header announces a body over the limit. Carries the header so the
 * receiver can still answer (or fail) that one request id, as Dubbo does.
 */
export class PayloadTooLargeError extends DecodeError {
  readonly header: DubboHeader;
  readonly limit: number;
  constructor(header: DubboHeader, limit: number, streamOffset: number) {
    super(`body of ${header.bodyLength} bytes exceeds the payload limit of ${limit}`, {
      protocol: PROTOCOL,
      reason: "limit-exceeded",
      offset: streamOffset + 12,
    });
    this.name = "PayloadTooLargeError";
    this.header = header;
    this.limit = limit;
  }
}

/** One complete frame cut out of the stream: its parsed header and all of its bytes. */
export type RawFrame = SplitFrame<DubboHeader>;

export interface FrameSplitterOptions {
  /** Largest body accepted, in bytes (Dubbo's `payload`, default 8 MiB). */
  readonly maxBodyLength?: number;
}

/**
 * Cuts a TCP byte stream into Dubbo frames (see core's StreamSplitter). A body over the
 * limit is refused as soon as its 16-byte header is complete, before any of it is buffered.
 */
export class FrameSplitter extends StreamSplitter<DubboHeader> {
  readonly maxBodyLength: number;

  constructor(options?: FrameSplitterOptions) {
    const max = options?.maxBodyLength ?? DEFAULT_PAYLOAD_LIMIT;
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxBodyLength must be >= 0, got ${max}`);
    super({
      probeLength: 0,
      headLength: () => HEADER_LENGTH,
      readHead: (bytes, pos, streamOffset) => {
        const header = readHeader(bytes, pos, streamOffset);
        if (header.bodyLength > max) throw new PayloadTooLargeError(header, max, streamOffset);
        return header;
      },
      frameLength: (header) => HEADER_LENGTH + header.bodyLength,
    });
    this.maxBodyLength = max;
  }
}
