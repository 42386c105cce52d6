/**
 * The invocation model shared by every protocol (Dubbo 2 now; Bolt and Triple later).
 * Nothing here names a wire format: identity is interface + version + group, types are
 * Java source names, values are the Hessian lossless model or plain JS.
 */

/** Which service: Dubbo `path`/`version`/`group`, SOFA `interface:version:uniqueId`, HSF interface/version/group. */
export interface ServiceId {
  readonly interface: string;
  /** Absent, `""` and `"0.0.0"` all mean "no version", as Java providers treat them. */
  readonly version?: string;
  readonly group?: string;
}

export interface CallOptions {
  /** Relative timeout in ms; the client default applies when neither this nor `deadline` is given. */
  readonly timeoutMs?: number;
  /** Absolute deadline, epoch ms (Date.now() clock). The earlier of the two wins. */
  readonly deadline?: number;
  readonly signal?: AbortSignal;
  /** Request attachments (Dubbo attachments, SOFA request props, Triple headers). */
  readonly attachments?: Readonly<Record<string, unknown>>;
  /** One-way: no response expected; the promise settles once the request is written. */
  readonly oneWay?: boolean;
}

export interface Invocation extends CallOptions {
  readonly service: ServiceId;
  readonly method: string;
  /** Declared Java parameter types, source names (`java.lang.String`, `int[]`, `com.x.User`). */
  readonly parameterTypes: readonly string[];
  /** One per parameter type: plain JS (mapped by the declared type) or Hessian model values. */
  readonly args: readonly unknown[];
}

export interface RpcResult {
  /** The returned value in the lossless Hessian model (null for void). */
  readonly value: unknown;
  /** Response attachments. */
  readonly attachments: Readonly<Record<string, unknown>>;
}

/** What a server handler sees of one call. */
export interface ServerCall {
  readonly service: ServiceId;
  readonly method: string;
  readonly parameterTypes: readonly string[];
  /** Arguments in the lossless Hessian model. */
  readonly args: readonly unknown[];
  readonly attachments: Readonly<Record<string, unknown>>;
  /** Attachments to send back (protocols without response attachments drop them). */
  readonly responseAttachments: Record<string, unknown>;
  /** Epoch ms after which the caller has given up, when it said so. */
  readonly deadline: number | undefined;
  /** Aborted when the deadline passes, the connection closes or the server is forced down. */
  readonly signal: AbortSignal;
  /** True when the call came through generic invocation (`$invoke`). */
  readonly generic: boolean;
  readonly remoteAddress: string | undefined;
}

export type Handler = (call: ServerCall) => unknown;

export interface MethodDefinition {
  readonly name: string;
  readonly parameterTypes: readonly string[];
  /** Declared return type; when given, plain JS results are mapped to it (long, double...). */
  readonly returnType?: string;
  readonly handler: Handler;
}

/** A client of one protocol. */
export interface ClientTransport {
  invoke(invocation: Invocation): Promise<RpcResult>;
  /** Stops new calls, lets calls in flight finish (or fail by their deadline), then closes. */
  close(): Promise<void>;
}

/** A server of one protocol. */
export interface ServerTransport {
  addService(service: ServiceId, methods: readonly MethodDefinition[]): void;
  listen(): Promise<{ readonly host: string; readonly port: number }>;
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/** `group/interface:version` with "no version" normalised away, as Dubbo's service key. */
export function serviceKey(s: ServiceId): string {
  const v = normalizeVersion(s.version);
  return `${s.group ? `${s.group}/` : ""}${s.interface}${v === "" ? "" : `:${v}`}`;
}

export function normalizeVersion(v: string | undefined): string {
  return v === undefined || v === "" || v === "0.0.0" || v === "*" ? "" : v;
}

/** The earlier of `timeoutMs` from now and `deadline`, or undefined when neither is set. */
export function effectiveDeadline(options: CallOptions, defaultTimeoutMs: number | undefined): number | undefined {
  const timeout = options.timeoutMs ?? (options.deadline === undefined ? defaultTimeoutMs : undefined);
  const fromTimeout = timeout === undefined ? undefined : Date.now() + timeout;
  if (fromTimeout === undefined) return options.deadline;
  if (options.deadline === undefined) return fromTimeout;
  return Math.min(fromTimeout, options.deadline);
}
