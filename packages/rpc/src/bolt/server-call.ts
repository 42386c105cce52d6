import type { JavaMap } from "@tribridge/hessian2";
import type { ServiceId } from "../invocation.js";
import { BaseServerCall } from "../transport/server-call.js";
import { propsToRecord } from "./values.js";

/** A running SOFARPC call: its attachments are the request props, a record when first read. */
export class BoltServerCall extends BaseServerCall {
  readonly generic = false;
  private readonly props: JavaMap | null;
  private record: Readonly<Record<string, unknown>> | undefined;

  constructor(
    service: ServiceId,
    method: string,
    parameterTypes: readonly string[],
    args: readonly unknown[],
    props: JavaMap | null,
    deadline: number | undefined,
    remoteAddress: string | undefined,
  ) {
    super(service, method, parameterTypes, args, deadline, remoteAddress);
    this.props = props;
  }

  get attachments(): Readonly<Record<string, unknown>> {
    this.record ??= propsToRecord(this.props);
    return this.record;
  }
}
