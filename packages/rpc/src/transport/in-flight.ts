/**
 * Calls in flight, and a wait for them to finish that a graceful close bounds by a grace
 * period. Servers count handlers still running, clients count calls awaiting an answer.
 */
export class InFlight {
  private count = 0;
  private idle: (() => void) | undefined;

  get size(): number {
    return this.count;
  }

  add(): void {
    this.count++;
  }

  /** One call finished (a bound function: it is passed to `then` as it is). */
  readonly done = (): void => {
    if (--this.count === 0 && this.idle !== undefined) this.idle();
  };

  /** Resolves once no call is in flight, or after `graceMs`, whichever comes first. */
  drained(graceMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
