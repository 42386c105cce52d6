/** The unary client's shared deadline list, alone (fake timers) and under TripleClient calls. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TripleClient, type TripleError, type TripleServer } from "../src/index.js";
import { DeadlineList, type Due } from "../src/triple/deadlines.js";
import { greeter, startGreeter } from "./triple-helpers.js";

function due(dueAt: number, log: number[]): Due {
  return { dueAt, prevDue: undefined, nextDue: undefined, listed: false, expire: () => log.push(dueAt) };
}

describe("DeadlineList", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("expires each entry at its own deadline, in deadline order, whatever the insertion order", () => {
    vi.useFakeTimers({ now: 1000 });
    const list = new DeadlineList();
    const log: number[] = [];
    for (const at of [1300, 1100, 1200, 1100, 1500]) list.add(due(at, log));
    vi.advanceTimersByTime(99);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual([1100, 1100]);
    vi.advanceTimersByTime(200);
    expect(log).toEqual([1100, 1100, 1200, 1300]);
    vi.advanceTimersByTime(1000);
    expect(log).toEqual([1100, 1100, 1200, 1300, 1500]);
  });

  it("never expires a removed entry, and removing twice is harmless", () => {
    vi.useFakeTimers({ now: 0 });
    const list = new DeadlineList();
    const log: number[] = [];
    const a = due(100, log);
    const b = due(200, log);
    const c = due(300, log);
    list.add(a);
    list.add(b);
    list.add(c);
    list.remove(a);
    list.remove(c);
    list.remove(a);
    vi.advanceTimersByTime(1000);
    expect(log).toEqual([200]);
    list.remove(b); // already expired
    const d = due(1500, log);
    list.add(d);
    vi.advanceTimersByTime(500);
    expect(log).toEqual([200, 1500]);
  });

  it("arms for an earlier deadline added after a later one", () => {
    vi.useFakeTimers({ now: 0 });
    const list = new DeadlineList();
    const log: number[] = [];
    list.add(due(10_000, log));
    list.add(due(50, log));
    vi.advanceTimersByTime(50);
    expect(log).toEqual([50]);
  });
});

describe("TripleClient unary deadlines and cancellation", () => {
  let server: TripleServer;
  let client: TripleClient;
  beforeAll(async () => {
    const s = await startGreeter();
    server = s.server;
    client = new TripleClient({ url: s.url, timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await client.close({ graceMs: 100 });
    await server.close({ graceMs: 100 });
  });

  it("ends concurrent calls at their own deadlines while others complete", async () => {
    const t0 = Date.now();
    const timed = [400, 100, 250].map((ms) =>
      client
        .unary(greeter.SayHello, { name: "slow" }, { timeoutMs: ms })
        .then(
          () => "ok",
          (e: TripleError) => e.code,
        )
        .then((code) => ({ ms, code, after: Date.now() - t0 })),
    );
    const fine = await Promise.all([1, 2, 3].map((i) => client.unary(greeter.SayHello, { name: `n${i}` })));
    expect(fine.map((r) => r.message)).toEqual(["Hello, n1!", "Hello, n2!", "Hello, n3!"]);
    const out = await Promise.all(timed);
    for (const r of out) {
      expect(r.code).toBe("DEADLINE_EXCEEDED");
      expect(r.after).toBeGreaterThanOrEqual(r.ms - 5);
    }
  });

  it("one AbortSignal across calls: finished calls stop listening, a later abort cancels only the open one", async () => {
    const ac = new AbortController();
    for (let i = 0; i < 5; i++) {
      expect((await client.unary(greeter.SayHello, { name: `s${i}` }, { signal: ac.signal })).message).toBe(
        `Hello, s${i}!`,
      );
    }
    const open = client.unary(greeter.SayHello, { name: "slow" }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    expect(((await open.catch((e) => e)) as TripleError).code).toBe("CANCELLED");
    const again = (await client
      .unary(greeter.SayHello, { name: "x" }, { signal: ac.signal })
      .catch((e) => e)) as TripleError;
    expect(again.code).toBe("CANCELLED");
  });

  it("sends a large request without copying it behind the prefix, same answer", async () => {
    const name = "z".repeat(100_000);
    expect((await client.unary(greeter.SayHello, { name })).message).toBe(`Hello, ${name}!`);
  });
});
