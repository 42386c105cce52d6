import type { Socket } from "node:net";
import {
  type BoltFrame,
  type BoltHead,
  type DecodedFrame,
  decodeFrame,
  encodeFrame,
  FrameSplitter,
  PayloadTooLargeError,
} from "@tribridge/bolt";
import { DecodeError } from "@tribridge/core";
import { FramedConnection, type FramedConnectionOptions } from "../transport/framed-connection.js";

export interface BoltSocketOptions extends FramedConnectionOptions {
  /** Largest class + header + content accepted and sent. */
  readonly maxBodyLength: number;
  /** `heartbeatMs` passed without traffic either way: the client sends a heartbeat. */
  readonly onHeartbeatDue?: () => void;
  readonly onFrame: (frame: DecodedFrame) => void;
  /** A frame announced a body over the limit: the head is intact, the stream is not. */
  readonly onOversize: (head: BoltHead) => void;
}

/**
 * One Bolt connection, either side: bytes in (split, CRC-checked, decoded to frames) and
 * frames out (see FramedConnection for batched writes, heartbeat and idle timers, close).
 */
export class BoltSocket extends FramedConnection {
  private readonly options: BoltSocketOptions;
  private readonly splitter: FrameSplitter;

  constructor(socket: Socket, options: BoltSocketOptions) {
    super(socket, options);
    this.options = options;
    this.splitter = new FrameSplitter({ maxBodyLength: options.maxBodyLength });
  }

  /** Encodes and writes; throws EncodeError (limit, bad field) before writing anything. */
  send(frame: BoltFrame): void {
    this.write(encodeFrame(frame, { maxBodyLength: this.options.maxBodyLength }));
  }

  protected override receive(chunk: Buffer): void {
    let frames: ReturnType<FrameSplitter["push"]>;
    try {
      frames = this.splitter.push(chunk);
    } catch (e) {
      if (e instanceof PayloadTooLargeError) {
        // Answer that one id (its head is intact), flush, hang up: the body is not worth reading.
        this.options.onOversize(e.head);
        this.closeError ??= e;
        this.end();
        return;
      }
      this.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const f of frames) {
      if (this.isClosed) return;
      let frame: DecodedFrame;
      try {
        frame = decodeFrame(f.bytes, 0, f.streamOffset, f.head);
      } catch (e) {
        // A CRC mismatch: the bytes of this connection cannot be trusted any more.
        this.destroy(e instanceof DecodeError ? e : new Error(String(e)));
        return;
      }
      this.options.onFrame(frame);
    }
  }

  protected override heartbeatDue(): void {
    this.options.onHeartbeatDue?.();
  }
}
