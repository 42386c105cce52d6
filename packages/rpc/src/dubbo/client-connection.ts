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
import { CLIENT_CLOSE_GRACE_MS } from "../transport/framed-connection.js";
import { type PendingCall, PendingCalls } from "../transport/pending-calls.js";
import type { PooledConnection } from "../transport/pool.js";
import { DubboSocket } from "./framed-socket.js";

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyLength: number;
  readonly limits?: Partial<DecodeLimits>;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  /** Do not keep the process alive for this socket. */
  readonly unref?: boolean;
  /** Responses whose id matches no call (late after a deadline, or a confused peer). */
  readonly onUnknownResponse: (id: bigint) => void;
}

/**
 * One client socket multiplexing calls by request id. When it closes, every call still
 * pending on it is rejected at once: the caller never waits for a deadline to learn that
 * its connection is gone.
 */
export class ClientConnection implements PooledConnection {
  readonly framed: DubboSocket;
  private readonly calls = new PendingCalls<DubboMessage>();
  private readonly options: ConnectionOptions;
  /** The provider said it is going down (read-only event): send no new calls here. */
  readonly = false;
  private readonly closeCallbacks: (() => void)[] = [];

  private constructor(framed: (c: ClientConnection) => DubboSocket, options: ConnectionOptions) {
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
            new DubboSocket(socket, {
              maxBodyLength: options.maxBodyLength,
              ...(options.limits === undefined ? {} : { limits: options.limits }),
              heartbeatMs: options.heartbeatMs,
              idleTimeoutMs: options.idleTimeoutMs,
              onMessage: (m) => c.onMessage(m),
              onFrameError: (e, h) => c.onFrameError(e, h),
              onClose: (e) => c.handleClose(e),
            }),
          options,
        );
        if (options.unref) socket.unref();
        resolve(conn);
      });
    });
  }

  get usable(): boolean {
    return !this.framed.isClosed && !this.readonly;
  }

  get isClosed(): boolean {
    return this.framed.isClosed;
  }

  get inFlight(): number {
    return this.calls.size;
  }

  /** Writes a one-way request: nothing will answer it. */
  sendOneWay(frame: Uint8Array): void {
    if (this.framed.isClosed)
      throw new RpcError("CONNECTION_CLOSED", "connection closed before the request was written");
    this.framed.write(frame);
  }

  /**
   * Registers the call, then writes its frame. The call settles exactly once: response,
   * deadline (DEADLINE_EXCEEDED), abort (CANCELLED) or connection close.
   */
  send(call: PendingCall<DubboMessage>, frame: Uint8Array, signal: AbortSignal | undefined): void {
    if (this.framed.isClosed) {
      call.reject(new RpcError("CONNECTION_CLOSED", "connection closed before the request was written"));
      return;
    }
    if (this.calls.add(call, signal)) this.framed.write(frame);
  }

  onClose(callback: () => void): void {
    if (this.framed.isClosed) callback();
    else this.closeCallbacks.push(callback);
  }

  /** Half-closes once pending writes are out. */
  close(): void {
    this.framed.endWithin(CLIENT_CLOSE_GRACE_MS);
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
    // An id beyond 2^53 (never ours) becomes a number no pending call has.
    if (!this.calls.settle(Number(msg.id), msg)) this.options.onUnknownResponse(msg.id);
  }

  private onFrameError(error: DecodeError, header: DubboHeader): void {
    if (header.request) return;
    const call = this.calls.take(Number(header.requestId));
    if (call === undefined) return;
    call.reject(
      new RpcError("PROTOCOL_ERROR", `response could not be decoded: ${error.message}`, {
        cause: error,
        status: 90,
        statusName: statusName(90),
      }),
    );
  }

  private handleClose(error: Error | undefined): void {
    this.calls.rejectAll(error);
    for (const cb of this.closeCallbacks.splice(0)) cb();
  }
}
