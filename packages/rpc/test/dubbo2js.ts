/**
 * dubbo2.js (the npm Dubbo 2 consumer) in direct-connect mode, driven the way its README
 * does it: `DirectlyDubbo.from({ dubboAddress })` + `proxyService`. Every proxy method
 * resolves with dubbo2.js's `{ res, err }`. dubbo2.js has no close(); `close()` here stops
 * its reconnect loop and heartbeat by the only route it offers (retry budget 0, then
 * destroy), which also fails whatever is still queued.
 */
import type { Socket } from "node:net";
import { DirectlyDubbo, java } from "dubbo2.js";

export { java as js2java };

export interface Dubbo2Result {
  readonly res: unknown;
  readonly err: (Error & Record<string, unknown>) | null;
}

export type Dubbo2Method = (...args: never[]) => Promise<Dubbo2Result>;

/** The parts of dubbo2.js's SocketWorker that close() has to reach. */
interface SocketWorkerInternals {
  _retry: number;
  _socket: Socket;
  _status: string;
  _heartBeatTimer: NodeJS.Timeout | undefined;
}

export interface Dubbo2Client<M extends Record<string, (...args: never[]) => unknown[]>> {
  readonly service: { [K in keyof M]: (...args: Parameters<M[K]>) => Promise<Dubbo2Result> };
  /** Resolves once the socket has connected (calls made earlier are queued by dubbo2.js). */
  ready(): Promise<void>;
  /** Lets the process exit with the socket open (benchmarks). */
  unref(): void;
  close(): Promise<void>;
}

export function dubbo2Client<M extends Record<string, (...args: never[]) => unknown[]>>(options: {
  readonly port: number;
  readonly interface: string;
  readonly version?: string;
  readonly group?: string;
  /** Seconds, as dubbo2.js counts them. */
  readonly timeoutSeconds?: number;
  readonly methods: M;
}): Dubbo2Client<M> {
  const dubbo = DirectlyDubbo.from({
    dubboAddress: `127.0.0.1:${options.port}`,
    dubboVersion: "2.0.2",
    dubboInvokeTimeout: options.timeoutSeconds ?? 10,
  });
  const service = dubbo.proxyService<Dubbo2Client<M>["service"]>({
    dubboInterface: options.interface,
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.group === undefined ? {} : { group: options.group }),
    methods: options.methods,
  });
  const worker = (dubbo as unknown as { _socketWorker: SocketWorkerInternals })._socketWorker;
  return {
    service,
    async ready() {
      for (let i = 0; i < 500 && worker._status !== "CONNECTED"; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      if (worker._status !== "CONNECTED") throw new Error(`dubbo2.js did not connect: ${worker._status}`);
    },
    unref() {
      worker._socket.unref();
      clearInterval(worker._heartBeatTimer);
    },
    async close() {
      worker._retry = 0;
      const socket = worker._socket;
      if (socket.destroyed) return;
      await new Promise<void>((resolve) => {
        socket.once("close", () => resolve());
        socket.destroy();
      });
    },
  };
}
