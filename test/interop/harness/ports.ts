/** Loopback ports and readiness polling for the interop harness. */
import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; the socket is closed
 * before returning). Prefer letting a peer bind port 0 and report its port; use this only for
 * programs that cannot, such as Envoy listeners in a static config.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error(`unexpected server address: ${String(address)}`));
      });
    });
  });
}

/**
 * Polls `url` until it answers with a 2xx status and, if given, `accept(body)` holds; at most
 * `timeoutMs`. Returns the last body; throws with the last status or error otherwise.
 */
export async function waitForHttp(
  url: string,
  {
    timeoutMs = 10_000,
    intervalMs = 100,
    accept,
  }: { timeoutMs?: number; intervalMs?: number; accept?: (body: string) => boolean } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no attempt";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(100, deadline - Date.now())) });
      const body = await response.text();
      if (response.ok && (!accept || accept(body))) return body;
      last = `HTTP ${response.status}: ${body.slice(0, 200)}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
}
