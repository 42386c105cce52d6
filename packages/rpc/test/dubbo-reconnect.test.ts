/**
 * Background reconnect: a pooled connection that drops is reopened after its backoff,
 * without waiting for a call, and the background attempts are bounded.
 */
import { createServer, type Server, type Socket } from "node:net";
import { DubboClient } from "@tribridge/rpc";
import { afterEach, describe, expect, it } from "vitest";
import { ECHO, ourResources, startServer } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Polls `cond` every 10 ms, at most `tries` times. */
async function until(cond: () => boolean, tries = 500): Promise<boolean> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  return cond();
}

/** A TCP listener that counts and keeps (or drops) the connections it accepts. */
async function countingListener(port = 0) {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    s.resume(); // reads (and drops) what the client sends, so it sees the client's FIN
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    port: (server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe("DubboClient background reconnect", () => {
  it("reopens a dropped connection before the next call, which then reuses it", async () => {
    const first = await startServer();
    const client = new DubboClient({ port: first.port, initialBackoffMs: 20, maxBackoffMs: 100 });
    cleanups.push(() => client.close({ graceMs: 100 }));
    expect(await client.call(ECHO, "echoString", ["java.lang.String"], ["one"])).toBe("one");
    await first.server.close({ graceMs: 0 });

    // The provider comes back on the same port; no call is made meanwhile.
    const second = await startServer({ port: first.port });
    cleanups.push(() => second.server.close({ graceMs: 100 }));
    expect(await until(() => second.server.connectionCount === 1)).toBe(true);

    expect(await client.call(ECHO, "echoString", ["java.lang.String"], ["two"])).toBe("two");
    expect(second.server.connectionCount).toBe(1);
  });

  it("retries with backoff while the provider is down", async () => {
    const first = await countingListener();
    const client = new DubboClient({ port: first.port, initialBackoffMs: 5, maxBackoffMs: 20, heartbeatMs: 0 });
    cleanups.push(() => client.close({ graceMs: 100 }));
    // Open the pooled connection without a provider answering: a call that times out.
    await client.call(ECHO, "echoString", ["java.lang.String"], ["x"], { timeoutMs: 50 }).catch(() => undefined);
    expect(first.accepted).toBe(1);
    const port = first.port;
    await first.close(); // connection dropped, nothing listening: background attempts fail...
    await new Promise((r) => setTimeout(r, 60));
    const second = await countingListener(port); // ...until the port answers again
    cleanups.push(second.close);
    expect(await until(() => second.accepted === 1)).toBe(true);
  });

  it("stops after maxBackgroundReconnects attempts without calls, and leaves no timer behind", async () => {
    const before = ourResources().length;
    const listener = await countingListener();
    const client = new DubboClient({
      port: listener.port,
      initialBackoffMs: 1,
      maxBackoffMs: 2,
      heartbeatMs: 0,
      maxBackgroundReconnects: 3,
    });
    await client.call(ECHO, "echoString", ["java.lang.String"], ["x"], { timeoutMs: 30 }).catch(() => undefined);
    // Every connection the listener accepts is dropped at once: 1 by the call + 3 in the background.
    const live = () => [...listener.sockets].filter((s) => !s.destroyed);
    for (let i = 0; i < 6; i++) {
      await until(() => live().length > 0, 50);
      for (const s of live()) s.destroy();
    }
    expect(await until(() => listener.accepted >= 4), `accepted ${listener.accepted}`).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(listener.accepted).toBe(4);
    // The next call reconnects as before.
    await client.call(ECHO, "echoString", ["java.lang.String"], ["y"], { timeoutMs: 30 }).catch(() => undefined);
    expect(listener.accepted).toBe(5);
    await client.close({ graceMs: 0 });
    await listener.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(ourResources().length).toBeLessThanOrEqual(before);
  });
});
