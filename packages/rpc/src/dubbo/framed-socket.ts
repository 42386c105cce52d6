import type { Socket } from "node:net";
import { DecodeError, type DecodeLimits } from "@tribridge/core";
import {
  type DubboHeader,
  type DubboMessage,
  decodeFrameBody,
  encodeFrame,
  FrameSplitter,
  HEADER_LENGTH,
  heartbeatRequest,
  PayloadTooLargeError,
} from "@tribridge/dubbo";
import { FramedConnection, type FramedConnectionOptions } from "../transport/framed-connection.js";

export interface DubboSocketOptions extends FramedConnectionOptions {
  readonly maxBodyLength: number;
  readonly limits?: Partial<DecodeLimits>;
  /** A decoded frame. */
  readonly onMessage: (msg: DubboMessage) => void;
  /** A frame whose body could not be decoded; the stream is still in sync. */
  readonly onFrameError: (error: DecodeError, header: DubboHeader) => void;
}

/**
 * One Dubbo connection, either side: frames in (split, decoded) and out, heartbeats of
 * Dubbo's HeaderExchange layer (see FramedConnection for writes, timers and close).
 */
export class DubboSocket extends FramedConnection {
  private readonly options: DubboSocketOptions;
  private readonly splitter: FrameSplitter;
  private readonly decodeOptions: { readonly limits?: Partial<DecodeLimits> };
  private nextHeartbeatId = -1n;

  constructor(socket: Socket, options: DubboSocketOptions) {
    super(socket, options);
    this.options = options;
    this.splitter = new FrameSplitter({ maxBodyLength: options.maxBodyLength });
    this.decodeOptions = options.limits === undefined ? {} : { limits: options.limits };
  }

  /** Encodes and writes; throws EncodeError (payload limit, unencodable value) before writing anything. */
  send(msg: DubboMessage): void {
    this.write(encodeFrame(msg, { maxBodyLength: this.options.maxBodyLength }));
  }

  /**
   * An error-status response, its message cut to fit the payload limit (3 bytes per UTF-16
   * unit at worst) so that the answer itself can never be refused.
   */
  sendError(id: bigint, status: number, message: string): void {
    const room = Math.max(0, Math.floor((this.options.maxBodyLength - 8) / 3));
    this.send({ type: "error", id, status, message: message.length > room ? message.slice(0, room) : message });
  }

  protected override receive(chunk: Buffer): void {
    let frames: ReturnType<FrameSplitter["push"]>;
    try {
      frames = this.splitter.push(chunk);
    } catch (e) {
      if (e instanceof PayloadTooLargeError) {
        // Answer for that one id (the header is intact), flush, then hang up: the body that
        // follows is not worth reading. The stream stays poisoned in the splitter.
        this.options.onFrameError(e, e.header);
        this.closeError ??= e;
        this.end();
        return;
      }
      this.destroy(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const f of frames) {
      if (this.isClosed) return;
      let msg: DubboMessage;
      try {
        msg = decodeFrameBody(f.head, f.bytes, HEADER_LENGTH, f.streamOffset + HEADER_LENGTH, this.decodeOptions);
      } catch (e) {
        if (e instanceof DecodeError) {
          this.options.onFrameError(e, f.head);
          continue;
        }
        this.destroy(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      this.options.onMessage(msg);
    }
  }

  protected override heartbeatDue(): void {
    // Heartbeat ids count down from -1 so they never meet the call ids counting up.
    this.send(heartbeatRequest(this.nextHeartbeatId--));
  }
}
