/**
 * A loopback TCP proxy that records every Dubbo frame in both directions, for golden
 * fixtures: frames written by Java are captured exactly as they crossed the wire.
 */
import { connect, createServer, type Socket } from "node:net";
import { FrameSplitter } from "@tribridge/dubbo";

export interface RecordedFrame {
  readonly direction: "to-provider" | "to-consumer";
  readonly hex: string;
}

export async function recordingProxy(targetPort: number) {
  const frames: RecordedFrame[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    const pipe = (from: Socket, to: Socket, direction: RecordedFrame["direction"]) => {
      const splitter = new FrameSplitter();
      from.on("data", (chunk) => {
        to.write(chunk);
        try {
          for (const f of splitter.push(chunk)) frames.push({ direction, hex: Buffer.from(f.bytes).toString("hex") });
        } catch {
          // Not Dubbo (telnet probes...): just proxy.
        }
      });
      from.on("close", () => to.destroy());
    };
    pipe(client, upstream, "to-provider");
    pipe(upstream, client, "to-consumer");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    frames,
    /** Consumer connections accepted so far (a reconnect shows up as a second one). */
    get connections() {
      return accepted;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
