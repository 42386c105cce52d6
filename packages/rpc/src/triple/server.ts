import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from "node:http";
import {
  createServer as createHttp2Server,
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { CompressionRegistry, DEFAULT_MAX_MESSAGE_BYTES, Metadata } from "@tribridge/triple";
import type { MethodDefinition, ServerTransport, ServiceId } from "../invocation.js";
import { ServiceRegistry } from "../registry.js";
import { type CorsOptions, corsPreflight } from "./cors.js";
import { type Abortable, type CallHost, serveGrpc, serveGrpcWeb } from "./dispatch.js";
import { type HttpOut, h1Out, h2Out } from "./http-out.js";
import { serveJsonUnary } from "./json-server.js";
import type { RawMethod } from "./types.js";
import { wrapperMethod } from "./wrapper-server.js";

export interface TripleServerOptions {
  readonly host?: string;
  /** 0 (default) picks a free port; `listen()` reports it. */
  readonly port?: number;
  /** Largest request message accepted (default 4 MiB, gRPC's default). */
  readonly maxMessageBytes?: number;
  /** CORS for browser gRPC-Web clients; off by default. */
  readonly cors?: CorsOptions;
  /** HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS (default 1000). */
  readonly maxConcurrentStreams?: number;
  /** Do not keep the process alive for this server. */
  readonly unref?: boolean;
}

const H2_PREFACE = Buffer.from("PRI * HTTP/2.0");
/** Errors surface through 'close'; one shared listener instead of a closure per stream. */
function ignore(): void {}

/**
 * Triple / gRPC server on node:http2, answering on one port: gRPC and Triple over HTTP/2
 * (h2c), gRPC-Web over HTTP/2 and HTTP/1.1 (binary and text, CORS preflight), and Triple's
 * HTTP/1.1 JSON unary form for wrapper-mode services. Methods are registered either as
 * streaming handlers by path (`addMethod`, typed helpers in methods.ts, protobuf services via
 * proto.ts) or as Hessian services through the shared `ServerTransport.addService`.
 */
export class TripleServer implements ServerTransport {
  readonly registry = new ServiceRegistry();
  private readonly routes = new Map<string, RawMethod>();
  private readonly host: CallHost;
  private net: Server | undefined;
  private readonly h2: Http2Server;
  private readonly h1: ReturnType<typeof createHttp1Server>;
  private readonly sessions = new Set<Http2Session>();
  private readonly sockets = new Set<Socket>();
  private readonly calls = new Set<Abortable>();
  private drained: (() => void) | undefined;
  private closing = false;

  constructor(private readonly options: TripleServerOptions = {}) {
    const routes = this.routes;
    const calls = this.calls;
    this.host = {
      route: (service, method) => routes.get(`${service}/${method}`),
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      compression: new CompressionRegistry(),
      cors: options.cors,
      registry: this.registry,
      pathCache: new Map(),
      track: (c) => {
        calls.add(c);
      },
      untrack: (c) => {
        if (calls.delete(c) && calls.size === 0) this.drained?.();
      },
    };
    this.h2 = createHttp2Server({
      settings: { maxConcurrentStreams: options.maxConcurrentStreams ?? 1000 },
    });
    this.h2.on("stream", (stream, headers) => this.onStream(stream, headers));
    this.h2.on("session", (session) => {
      this.sessions.add(session);
      session.on("close", () => this.sessions.delete(session));
      session.on("error", () => {});
    });
    this.h1 = createHttp1Server((req, res) => this.onHttp1(req, res));
  }

  /** Registers a streaming method at `/service/method`. */
  addMethod(service: string, method: string, m: RawMethod): void {
    const key = `${service}/${method}`;
    if (this.routes.has(key)) throw new Error(`method ${key} is already registered`);
    this.routes.set(key, m);
  }

  /**
   * A Hessian service in Triple's wrapper (non-IDL) mode, as a Dubbo Java provider serves a
   * plain interface. Versions and groups of one interface share the paths; the call's
   * `tri-service-version`/`tri-service-group` headers pick the registration.
   */
  addService(service: ServiceId, methods: readonly MethodDefinition[]): void {
    this.registry.add(service, methods);
    for (const m of methods) {
      const key = `${service.interface}/${m.name}`;
      if (!this.routes.has(key)) this.routes.set(key, wrapperMethod(this.registry, m.name));
    }
  }

  listen(): Promise<{ host: string; port: number }> {
    if (this.net !== undefined) throw new Error("already listening");
    const server = createNetServer((s) => this.accept(s));
    if (this.options.unref) server.unref();
    this.net = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        const a = server.address();
        if (a === null || typeof a === "string") reject(new Error("no TCP address"));
        else resolve({ host: a.address, port: a.port });
      });
    });
  }

  /** Calls whose handler is running. */
  get inFlight(): number {
    return this.calls.size;
  }

  /**
   * Sniffs the first bytes: the HTTP/2 connection preface goes to the h2c server, anything
   * else to the HTTP/1.1 server (gRPC-Web from browsers and proxies, Triple JSON). The bytes
   * read are put back; node:http2 replays a socket's buffered data into the new session.
   */
  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    if (this.options.unref) socket.unref();
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    let seen: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
      const n = Math.min(seen.length, H2_PREFACE.length);
      const isH2 = seen.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
      if (isH2 && n < H2_PREFACE.length) return; // too short to tell yet
      socket.off("data", onData);
      socket.pause();
      socket.unshift(seen);
      if (isH2) {
        this.h2.emit("connection", socket);
      } else {
        this.h1.emit("connection", socket);
        socket.resume();
      }
    };
    socket.on("data", onData);
  }

  private onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on("error", ignore);
    const ct = String(headers["content-type"] ?? "");
    const method = headers[":method"];
    if (ct.startsWith("application/grpc-web")) {
      const md = Metadata.from(headers);
      serveGrpcWeb(
        this.host,
        stream,
        md,
        h2Out(stream),
        (cb) => stream.once("close", cb),
        stream.session?.socket?.remoteAddress,
      );
    } else if (ct.startsWith("application/grpc")) {
      serveGrpc(this.host, stream, headers);
    } else if (method === "OPTIONS") {
      this.preflight(Metadata.from(headers), h2Out(stream));
    } else {
      serveJsonUnary(this.host, stream, Metadata.from(headers), h2Out(stream));
    }
  }

  private onHttp1(req: IncomingMessage, res: ServerResponse): void {
    const headers = Metadata.from(req.headers);
    headers.set(":method", req.method ?? "GET");
    headers.set(":path", req.url ?? "/");
    res.on("error", () => {});
    const out = h1Out(res);
    const ct = headers.get("content-type") ?? "";
    if (req.method === "OPTIONS") this.preflight(headers, out);
    else if (ct.startsWith("application/grpc-web")) {
      serveGrpcWeb(this.host, req, headers, out, (cb) => res.once("close", cb), req.socket.remoteAddress);
    } else serveJsonUnary(this.host, req, headers, out);
  }

  private preflight(headers: Metadata, out: HttpOut): void {
    const { status, headers: h } = corsPreflight(this.options.cors, headers);
    out.writeHead(status, h);
    out.end();
  }

  /**
   * Graceful shutdown: stop accepting; send GOAWAY on every HTTP/2 session (node's
   * `session.close()` does, then lets open streams finish); let running calls finish for up
   * to `graceMs`; then abort what is left (clients see UNAVAILABLE) and destroy connections.
   */
  async close(options?: { readonly graceMs?: number }): Promise<void> {
    this.closing = true;
    const server = this.net;
    const stopped =
      server === undefined ? Promise.resolve() : new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sessions) s.close();
    this.h1.closeIdleConnections();
    if (this.calls.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options?.graceMs ?? 10_000);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const c of [...this.calls]) c.abort();
    // Let the aborted calls' trailers reach the wire: sessions already closing (GOAWAY sent)
    // end by themselves once their streams are done; give them a bounded moment.
    const deadline = Date.now() + 1000;
    while ((this.sessions.size > 0 || this.sockets.size > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const s of this.sessions) s.destroy();
    for (const s of this.sockets) s.destroy();
    await stopped;
  }
}
