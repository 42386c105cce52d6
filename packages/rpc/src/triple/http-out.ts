import type { ServerResponse } from "node:http";
import type { ServerHttp2Stream } from "node:http2";
import type { Writable } from "node:stream";
import { Code, StatusError } from "@tribridge/triple";

/**
 * The response half of one HTTP exchange, whether it came over HTTP/2 (a stream) or
 * HTTP/1.1 (a ServerResponse): gRPC-Web and the JSON form are served on both.
 */
export interface HttpOut {
  writeHead(status: number, headers: Record<string, string | string[]>): void;
  /** Resolves once the transport took the bytes (waits for 'drain' when its buffer is full). */
  write(chunk: Uint8Array): Promise<void>;
  end(chunk?: Uint8Array): void;
  readonly headersSent: boolean;
  readonly destroyed: boolean;
}

const RESOLVED = Promise.resolve();

/**
 * Waits for 'drain' when a write was refused: the HTTP/2 flow-control window (or the socket)
 * is full, and buffering more would be unbounded. Rejects if the stream dies first.
 */
export function writeWithBackpressure(w: Writable, chunk: Uint8Array): Promise<void> {
  if (w.destroyed) return Promise.reject(new StatusError(Code.CANCELLED, "stream closed"));
  if (w.write(chunk)) return RESOLVED;
  return new Promise((resolve, reject) => {
    const done = (e?: unknown) => {
      w.off("drain", onDrain);
      w.off("close", onClose);
      if (e === undefined) resolve();
      else reject(e);
    };
    const onDrain = () => done();
    const onClose = () => done(new StatusError(Code.CANCELLED, "stream closed while writing"));
    w.on("drain", onDrain);
    w.on("close", onClose);
  });
}

export function h2Out(stream: ServerHttp2Stream): HttpOut {
  return {
    writeHead(status, headers) {
      stream.respond({ ...headers, ":status": status });
    },
    write: (chunk) => writeWithBackpressure(stream, chunk),
    end(chunk) {
      if (!stream.destroyed) stream.end(chunk);
    },
    get headersSent() {
      return stream.headersSent;
    },
    get destroyed() {
      return stream.destroyed;
    },
  };
}

export function h1Out(res: ServerResponse): HttpOut {
  return {
    writeHead(status, headers) {
      res.writeHead(status, headers);
    },
    write: (chunk) => writeWithBackpressure(res, chunk),
    end(chunk) {
      if (!res.destroyed) res.end(chunk);
    },
    get headersSent() {
      return res.headersSent;
    },
    get destroyed() {
      return res.destroyed;
    },
  };
}
