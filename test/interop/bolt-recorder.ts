/**
 * A loopback TCP proxy that records every Bolt frame in both directions, for golden
 * fixtures: frames written by Java are captured exactly as they crossed the wire.
 */
import { connect, createServer, type Socket } from "node:net";
import { FrameSplitter } from "@tribridge/bolt";

export interface RecordedBoltFrame {
  readonly direction: "to-provider" | "to-consumer";
  readonly hex: string;
}

export async function boltRecordingProxy(targetPort: number) {
  const frames: RecordedBoltFrame[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    const pipe = (from: Socket, to: Socket, direction: RecordedBoltFrame["direction"]) => {
      const splitter = new FrameSplitter();
      let broken = false;
      from.on("data", (chunk) => {
        to.write(chunk);
        if (broken) return;
        try {
          for (const f of splitter.push(chunk)) frames.push({ direction, hex: Buffer.from(f.bytes).toString("hex") });
        } catch {
          broken = true; // not Bolt: keep proxying, stop recording
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
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
