import { HessianDecodeError } from "../src/index.js";

/** The reason of the HessianDecodeError that `run` throws, undefined when it returns; any other error propagates. */
export function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof HessianDecodeError) return e.reason;
    throw e;
  }
  return undefined;
}
