import { DecodeError, type SplitFrame, StreamSplitter } from "@tribridge/core";
import { DEFAULT_MAX_BODY_LENGTH, PROTOCOL } from "./constants.js";
import { type BoltHead, peekHeadLength, readHead } from "./header.js";

/**
 * A frame whose header announces more class + header + content bytes than allowed. It
 * carries the parsed head so a server can still answer that one request id.
 */
export class PayloadTooLargeError extends DecodeError {
  readonly head: BoltHead;
  readonly limit: number;
  constructor(head: BoltHead, limit: number, streamOffset: number) {
    const body = head.classLength + head.headerLength + head.contentLength;
    super(`frame body of ${body} bytes exceeds the limit of ${limit}`, {
      protocol: PROTOCOL,
      reason: "limit-exceeded",
      offset: streamOffset + head.headLength - 8,
    });
    this.name = "PayloadTooLargeError";
    this.head = head;
    this.limit = limit;
  }
}

/** One complete frame cut from the stream. */
export type RawFrame = SplitFrame<BoltHead>;

export interface FrameSplitterOptions {
  /** Largest class + header + content of one frame, default 8 MiB. */
  readonly maxBodyLength?: number;
}

/**
 * Cuts a TCP byte stream into Bolt frames, v1 and v2 mixed as a server must accept (see
 * core's StreamSplitter). A bad protocol code or command type fails on its first byte; an
 * oversized body fails as soon as its fixed header is complete.
 */
export class FrameSplitter extends StreamSplitter<BoltHead> {
  readonly maxBodyLength: number;

  constructor(options?: FrameSplitterOptions) {
    const max = options?.maxBodyLength ?? DEFAULT_MAX_BODY_LENGTH;
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxBodyLength must be >= 0, got ${max}`);
    super({
      // At most 3 bytes (protocol code, version, command type) decide the fixed header length.
      probeLength: 3,
      headLength: peekHeadLength,
      readHead: (bytes, pos, streamOffset) => {
        const head = readHead(bytes, pos, streamOffset);
        if (head.classLength + head.headerLength + head.contentLength > max) {
          throw new PayloadTooLargeError(head, max, streamOffset);
        }
        return head;
      },
      frameLength: (head) => head.totalLength,
    });
    this.maxBodyLength = max;
  }
}
