import { type Attachments, attachmentsToRecord } from "@tribridge/dubbo";
import type { ServiceId } from "../invocation.js";
import { BaseServerCall } from "../transport/server-call.js";

/** A running Dubbo call: its attachments are the request's Hessian map, a record when first read. */
export class DubboServerCall extends BaseServerCall {
  readonly generic: boolean;
  private readonly attachmentMap: Attachments;
  private attachmentRecord: Readonly<Record<string, unknown>> | undefined;

  constructor(
    service: ServiceId,
    method: string,
    parameterTypes: readonly string[],
    args: readonly unknown[],
    attachments: Attachments,
    deadline: number | undefined,
    generic: boolean,
    remoteAddress: string | undefined,
  ) {
    super(service, method, parameterTypes, args, deadline, remoteAddress);
    this.attachmentMap = attachments;
    this.generic = generic;
  }

  get attachments(): Readonly<Record<string, unknown>> {
    this.attachmentRecord ??= attachmentsToRecord(this.attachmentMap);
    return this.attachmentRecord;
  }
}
