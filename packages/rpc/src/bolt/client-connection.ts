import { connect as netConnect } from "node:net";
import {
  CMD_HEARTBEAT,
  type DecodedFrame,
  heartbeatRequest,
  heartbeatResponse,
  type ProtocolFields,
  TYPE_RESPONSE,
} from "@tribridge/bolt";
import { RpcError } from "../errors.js";
import { CLIENT_CLOSE_GRACE_MS } from "../transport/framed-connection.js";
import { type PendingCall, PendingCalls } from "../transport/pending-calls.js";
import type { PooledConnection } from "../transport/pool.js";
import { BoltSocket } from "./framed-socket.js";

export interface BoltConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyLength: number;
  readonly heartbeatMs: number;
  readonly idleTimeoutMs: number;
  /** Protocol code, version and switches of every frame we write. */
  readonly proto: ProtocolFields;
  readonly codec: number;
  /** Request ids are per client, shared by calls and heartbeats (as Bolt's IDGenerator). */
  readonly nextId: () => number;
  readonly onUnknownResponse: (id: number) => void;
  readonly unref: boolean;
}

/**
 * One client socket multiplexing calls by int32 request id. When it closes, every call
 * still pending on it is rejected at once, never left to its deadline.
 */
export class BoltClientConnection implements PooledConnection {
  readonly framed: BoltSocket;
  private readonly calls = new PendingCalls<DecodedFrame>();
  private readonly heartbeats = new Set<number>();
  private readonly options: BoltConnectionOptions;
  private readonly closeCallbacks: (() => void)[] = [];

  private constructor(socket: import("node:net").Socket, options: BoltConnectionOptions) {
    this.options = options;
    this.framed = new BoltSocket(socket, {
      maxBodyLength: options.maxBodyLength,
      heartbeatMs: options.heartbeatMs,
      idleTimeoutMs: options.idleTimeoutMs,
      onHeartbeatDue: () => this.heartbeat(),
      onFrame: (f) => this.onFrame(f),
      onOversize: (head) => {
        this.fail(
          head.requestId,
          new RpcError("PROTOCOL_ERROR", `response ${head.requestId} exceeds ${options.maxBodyLength} bytes`),
        );
      },
      onClose: (e) => this.handleClose(e),
    });
  }

  static connect(options: BoltConnectionOptions, timeoutMs: number): Promise<BoltClientConnection> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: options.host, port: options.port });
      if (options.unref) socket.unref();
      const where = `${options.host}:${options.port}`;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RpcError("UNAVAILABLE", `connect to ${where} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (e: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new RpcError("UNAVAILABLE", `cannot connect to ${where}: ${e.message}`, { cause: e }));
      };
      socket.once("error", onError);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.off("error", onError);
        resolve(new BoltClientConnection(socket, options));
      });
    });
  }

  get usable(): boolean {
    return !this.framed.isClosed;
  }

  get isClosed(): boolean {
    return this.framed.isClosed;
  }

  get inFlight(): number {
    return this.calls.size;
  }

  onClose(callback: () => void): void {
    if (this.framed.isClosed) callback();
    else this.closeCallbacks.push(callback);
  }

  /** Writes a one-way request: nothing will answer it, and a closed socket drops it. */
  sendOneWay(frame: Uint8Array): void {
    if (!this.framed.isClosed) this.framed.write(frame);
  }

  /**
   * Registers the call, then writes its frame. The call settles exactly once: response,
   * deadline (DEADLINE_EXCEEDED), abort (CANCELLED) or connection close.
   */
  send(call: PendingCall<DecodedFrame>, frame: Uint8Array, signal: AbortSignal | undefined): void {
    if (this.framed.isClosed) {
      call.reject(new RpcError("CONNECTION_CLOSED", "connection closed before the request was written"));
      return;
    }
    if (signal?.aborted) {
      call.reject(new RpcError("CANCELLED", "call aborted by the caller", { cause: signal.reason }));
      return;
    }
    if (this.calls.add(call, signal)) this.framed.write(frame);
  }

  close(): void {
    this.framed.endWithin(CLIENT_CLOSE_GRACE_MS);
  }

  destroy(error?: Error): void {
    this.framed.destroy(error);
  }

  private heartbeat(): void {
    // Three unanswered heartbeats in a row: the peer is gone even if TCP has not noticed.
    if (this.heartbeats.size >= 3) {
      this.destroy(new Error("3 heartbeats unanswered"));
      return;
    }
    const id = this.options.nextId();
    this.heartbeats.add(id);
    this.framed.send(heartbeatRequest(id, this.options.proto, this.options.codec));
  }

  private onFrame(f: DecodedFrame): void {
    if (f.cmdCode === CMD_HEARTBEAT) {
      if (f.type === TYPE_RESPONSE) this.heartbeats.clear();
      else this.framed.send(heartbeatResponse(f.requestId, f, f.codec)); // servers may probe too
      return;
    }
    if (f.type !== TYPE_RESPONSE) return; // Bolt servers do not call clients over SOFARPC
    if (!this.calls.settle(f.requestId, f)) this.options.onUnknownResponse(f.requestId);
  }

  private fail(id: number, error: RpcError): void {
    this.calls.take(id)?.reject(error);
  }

  private handleClose(error: Error | undefined): void {
    this.calls.rejectAll(error);
    for (const cb of this.closeCallbacks.splice(0)) cb();
  }
}
