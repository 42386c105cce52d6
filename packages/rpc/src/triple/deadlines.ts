/** A call the list can end when its deadline passes; the links belong to the list. */
export interface Due {
  /** Epoch ms, as `effectiveDeadline` computes it. */
  dueAt: number;
  prevDue: Due | undefined;
  nextDue: Due | undefined;
  /** In a list (guards a second removal after expiry). */
  listed: boolean;
  expire(): void;
}

/**
 * The deadlines of one client's unary calls: a list ordered by deadline and one timer armed
 * for the earliest. A setTimeout and clearTimeout per call was a measurable share of a unary
 * call in bench/triple-compare.ts; here a call is linked in and out with no allocation.
 * Calls under one default timeout arrive in deadline order, so adding is an append. Removing
 * the earliest call leaves the timer armed: when it fires with nothing due it re-arms for the
 * new earliest, so sequential calls under a 30 s timeout cost one timer per 30 s. The timer is
 * unref'd; a call in flight keeps the process alive through its (ref'd) session.
 */
export class DeadlineList {
  private head: Due | undefined;
  private tail: Due | undefined;
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Number.POSITIVE_INFINITY;

  add(d: Due): void {
    let before = this.tail;
    while (before !== undefined && before.dueAt > d.dueAt) before = before.prevDue;
    const after = before === undefined ? this.head : before.nextDue;
    d.prevDue = before;
    d.nextDue = after;
    d.listed = true;
    if (before === undefined) this.head = d;
    else before.nextDue = d;
    if (after === undefined) this.tail = d;
    else after.prevDue = d;
    if (d.dueAt < this.armedAt) this.arm(d.dueAt);
  }

  remove(d: Due): void {
    if (!d.listed) return;
    d.listed = false;
    const { prevDue: before, nextDue: after } = d;
    if (before === undefined) this.head = after;
    else before.nextDue = after;
    if (after === undefined) this.tail = before;
    else after.prevDue = before;
    d.prevDue = undefined;
    d.nextDue = undefined;
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = setTimeout(fire, Math.max(0, at - Date.now()), this);
    this.timer.unref();
  }

  /** Expires every call that is due, then re-arms for the next one. */
  expireDue(): void {
    this.timer = undefined;
    this.armedAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    for (let d = this.head; d !== undefined && d.dueAt <= now; d = this.head) {
      this.remove(d);
      d.expire();
    }
    if (this.head !== undefined) this.arm(this.head.dueAt);
  }
}

function fire(list: DeadlineList): void {
  list.expireDue();
}
