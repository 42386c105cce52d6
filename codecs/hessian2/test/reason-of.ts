import { HessianDecodeError } from "../src/index.js";

/** The reason of the HessianDecodeError that `run` throws, undefined when it returns; any other error propagates. */
export function reasonOf(run: () => unknown): string | undefined {
  return failureOf(run)?.reason;
}

/** The reason and byte offset of the HessianDecodeError that `run` throws, as `reasonOf`. */
export function failureOf(run: () => unknown): { reason: string; offset: number } | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof HessianDecodeError) return { reason: e.reason, offset: e.offset };
    throw e;
  }
  return undefined;
}
