import { connect as netConnect } from "node:net";
import type { DecodeError, DecodeLimits } from "@tribridge/core";
import {
  type DubboHeader,
  type DubboMessage,
  heartbeatResponse,
  READONLY_EVENT,
  statusName,
  WRITEABLE_EVENT,
} from "@tribridge/dubbo";
import { RpcError } from "../errors.js";
import { FramedSocket } from "./framed-socket.js";

export interface PendingCall {
  resolve(msg: DubboMessage): void;
  reject(error: RpcError): void;
}

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
  readonly maxBodyLength: number;
  readonly limits?: Partial<DecodeLimits>;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  /** Responses whose id matches no call (late after a deadline, or a confused peer). */
  readonly onUnknownResponse: (id: bigint) => void;
}

/**
 * One client socket multiplexing calls by request id. When it closes, every call still
 * pending on it is rejected at once: the caller never waits for a deadline to learn that
 * its connection is gone.
 */
export class ClientConnection {
  readonly framed: FramedSocket;
  private readonly pending = new Map<bigint, PendingCall>();
  private readonly options: ConnectionOptions;
  /** The provider said it is going down (read-only event): send no new calls here. */
  readonly = false;
  closeHandlers: ((conn: ClientConnection) => void)[] = [];

  private constructor(framed: (c: ClientConnection) => FramedSocket, options: ConnectionOptions) {
    this.options = options;
    this.framed = framed(this);
  }

  static connect(options: ConnectionOptions, timeoutMs: number): Promise<ClientConnection> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: options.host, port: options.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new RpcError("UNAVAILABLE", `connect to ${options.host}:${options.port} timed out after ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const onError = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new RpcError("UNAVAILABLE", `cannot connect to ${options.host}:${options.port}: ${e.message}`, { cause: e }),
        );
      };
      socket.once("error", onError);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.off("error", onError);
        const conn = new ClientConnection(
          (c) =>
            new FramedSocket(socket, {
              maxBodyLength: options.maxBodyLength,
              ...(options.limits === undefined ? {} : { limits: options.limits }),
              heartbeatMs: options.heartbeatMs,
              idleTimeoutMs: options.idleTimeoutMs,
              onMessage: (m) => c.onMessage(m),
              onFrameError: (e, h) => c.onFrameError(e, h),
              onClose: (e) => c.onClose(e),
            }),
          options,
        );
        resolve(conn);
      });
    });
  }

  get usable(): boolean {
    return !this.framed.isClosed && !this.readonly;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Registers the call, then writes its frame. */
  send(id: bigint, frame: Uint8Array, call: PendingCall | undefined): void {
    if (this.framed.isClosed) {
      call?.reject(new RpcError("CONNECTION_CLOSED", "connection closed before the request was written"));
      return;
    }
    if (call !== undefined) this.pending.set(id, call);
    this.framed.write(frame);
  }

  /** Forgets a call that gave up (deadline, abort); a late response is then "unknown". */
  forget(id: bigint): void {
    this.pending.delete(id);
  }

  close(): void {
    this.framed.end();
  }

  destroy(error?: Error): void {
    this.framed.destroy(error);
  }

  private onMessage(msg: DubboMessage): void {
    if (msg.type === "event") {
      if (msg.request) {
        if (msg.twoWay) this.framed.send(heartbeatResponse(msg.id));
        if (msg.data === READONLY_EVENT) this.readonly = true;
        else if (msg.data === WRITEABLE_EVENT) this.readonly = false;
      }
      return;
    }
    if (msg.type === "request") return; // Providers do not call consumers back over Dubbo 2.
    const call = this.pending.get(msg.id);
    if (call === undefined) {
      this.options.onUnknownResponse(msg.id);
      return;
    }
    this.pending.delete(msg.id);
    call.resolve(msg);
  }

  private onFrameError(error: DecodeError, header: DubboHeader): void {
    const call = this.pending.get(header.requestId);
    if (call === undefined || header.request) return;
    this.pending.delete(header.requestId);
    call.reject(
      new RpcError("PROTOCOL_ERROR", `response could not be decoded: ${error.message}`, {
        cause: error,
        status: 90,
        statusName: statusName(90),
      }),
    );
  }

  private onClose(error: Error | undefined): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    const protocol = error !== undefined && (error as { reason?: unknown }).reason !== undefined;
    for (const c of calls) {
      c.reject(
        error instanceof RpcError
          ? error
          : protocol
            ? new RpcError("PROTOCOL_ERROR", `connection closed: ${error.message}`, { cause: error })
            : new RpcError(
                "CONNECTION_CLOSED",
                `connection closed with the call in flight${error ? `: ${error.message}` : ""}`,
                error === undefined ? undefined : { cause: error },
              ),
      );
    }
    for (const h of this.closeHandlers) h(this);
  }
}
