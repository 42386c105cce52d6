/**
 * Dubbo frame encode and decode (header + Hessian 2 body). No npm Dubbo codec could be
 * installed here to serve as a peer (dubbo2.js / dubbo-remoting are not in the registry
 * mirror), so these cases report our numbers alone.
 */
import { java } from "@tribridge/hessian2";
import type { BenchCase } from "../../../scripts/bench-api.js";
import {
  type DubboMessage,
  decodeFrame,
  encodeFrame,
  FrameSplitter,
  toAttachments,
  toDescriptor,
} from "../src/index.js";

const user = (i: number) =>
  java.object("com.example.interop.User", {
    id: BigInt(i),
    name: `user-${i}`,
    email: `user-${i}@example.com`,
    tags: ["a", "b"],
    createdAt: new Date(1_700_000_000_000 + i),
    score: java.double(i + 0.5),
  });

const attachments = toAttachments({
  path: "com.example.interop.EchoService",
  interface: "com.example.interop.EchoService",
  version: "1.0.0",
  timeout: "3000",
});

const messages: [string, DubboMessage][] = [
  [
    "request-string",
    {
      type: "request",
      id: 1n,
      twoWay: true,
      body: {
        dubboVersion: "2.0.2",
        path: "com.example.interop.EchoService",
        version: "1.0.0",
        method: "echoString",
        descriptor: toDescriptor(["java.lang.String"]),
        args: ["hello"],
        attachments,
      },
    },
  ],
  [
    "request-users-100",
    {
      type: "request",
      id: 2n,
      twoWay: true,
      body: {
        dubboVersion: "2.0.2",
        path: "com.example.interop.EchoService",
        version: "1.0.0",
        method: "echoUsers",
        descriptor: toDescriptor(["java.util.List"]),
        args: [Array.from({ length: 100 }, (_, i) => user(i))],
        attachments,
      },
    },
  ],
  [
    "response-string",
    {
      type: "response",
      id: 3n,
      body: { kind: "value", value: "hello", attachments: toAttachments({ dubbo: "2.0.2" }) },
    },
  ],
];

export const cases: BenchCase[] = messages.flatMap(([label, msg]): BenchCase[] => {
  const bytes = encodeFrame(msg);
  const stream = Buffer.concat(Array.from({ length: 16 }, () => bytes));
  return [
    { name: `dubbo/encode/${label}`, bytes: bytes.length, ours: () => encodeFrame(msg) },
    { name: `dubbo/decode/${label}`, bytes: bytes.length, ours: () => decodeFrame(bytes) },
    {
      name: `dubbo/split+decode/${label}-x16`,
      bytes: stream.length,
      ours: () => {
        for (const f of new FrameSplitter().push(stream)) decodeFrame(f.bytes);
      },
    },
  ];
});
