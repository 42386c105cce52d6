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
import type { PooledConnection } from "../transport/pool.js";
import { BoltSocket } from "./framed-socket.js";

export interface PendingCall {
  resolve(frame: DecodedFrame): void;
  reject(error: RpcError): void;
}

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
  private readonly pending = new Map<number, PendingCall>();
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
    return this.pending.size;
  }

  onClose(callback: () => void): void {
    if (this.framed.isClosed) callback();
    else this.closeCallbacks.push(callback);
  }

  /** Registers the call (none for one-way), then writes its frame. */
  send(id: number, frame: Uint8Array, call: PendingCall | undefined): void {
    if (this.framed.isClosed) {
      call?.reject(new RpcError("CONNECTION_CLOSED", "connection closed before the request was written"));
      return;
    }
    if (call !== undefined) this.pending.set(id, call);
    this.framed.write(frame);
  }

  /** Forgets a call that gave up (deadline, abort): a late response is then "unknown". */
  forget(id: number): void {
    this.pending.delete(id);
  }

  close(): void {
    this.framed.end();
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
    const call = this.pending.get(f.requestId);
    if (call === undefined) {
      this.options.onUnknownResponse(f.requestId);
      return;
    }
    this.pending.delete(f.requestId);
    call.resolve(f);
  }

  private fail(id: number, error: RpcError): void {
    const call = this.pending.get(id);
    if (call === undefined) return;
    this.pending.delete(id);
    call.reject(error);
  }

  private handleClose(error: Error | undefined): void {
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
    for (const cb of this.closeCallbacks.splice(0)) cb();
  }
}
