/**
 * Bolt frame encode and decode, whole SOFARPC messages (fixed header, class, header map,
 * SofaRequest/SofaResponse content in the Hessian 3.1 draft that SOFARPC uses by default),
 * next to sofa-bolt-node (Ant's Node implementation, default "3.0" Hessian mode) on the
 * same message in the same process. Decode means down to the argument values.
 */
import { createRequire } from "node:module";
import { type HessianValue, JavaMap, java } from "@tribridge/hessian2";
import type { BenchCase } from "../../../scripts/bench-api.js";
import {
  decodeFrame,
  decodeSofaRequest,
  decodeSofaResponse,
  encodeSofaRequestFrame,
  encodeSofaResponseFrame,
  SOFA_REQUEST_CLASS,
  type SofaRequest,
} from "../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: sofa-bolt-node ships no types
type Any = any;
const require = createRequire(import.meta.url);
const boltProtocol = require("sofa-bolt-node/lib/protocol") as Any;
const peerOptions = { protocolType: "bolt", codecType: "hessian2", boltVersion: 1, crcEnable: false };

const SERVICE = "com.example.sofa.EchoService:1.0";
const USER = "com.example.sofa.User";

// The whole-frame encoders are what BoltClient and BoltServer write with.
function ourRequest(req: SofaRequest): Uint8Array {
  return encodeSofaRequestFrame({ requestId: 1, timeout: 3000 }, req, { dialect: "hessian3" });
}

function ourResponse(value: HessianValue): Uint8Array {
  const r = { isError: false, errorMsg: null, appResponse: value, responseProps: null };
  return encodeSofaResponseFrame({ requestId: 1 }, r, { dialect: "hessian3" });
}

/** Down to the SOFA values, like the peer; the header map is a copy of them a server need not read. */
function decodeOurs(bytes: Uint8Array): unknown {
  const f = decodeFrame(bytes);
  return f.className === SOFA_REQUEST_CLASS ? decodeSofaRequest(f.content) : decodeSofaResponse(f.content);
}

const users = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    java.object(USER, {
      id: BigInt(i),
      name: `user-${i}`,
      email: `user-${i}@example.com`,
      tags: ["a", "b"],
      score: java.double(i + 0.5),
    }),
  );
const peerUsers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    $class: USER,
    $: {
      id: { $class: "long", $: i },
      name: `user-${i}`,
      email: `user-${i}@example.com`,
      tags: { $class: "java.util.List", $: ["a", "b"] },
      score: { $class: "double", $: i + 0.5 },
    },
  }));

function requestCase(label: string, types: string[], args: HessianValue[], peerArgs: unknown[]): BenchCase[] {
  const req: SofaRequest = {
    targetServiceUniqueName: SERVICE,
    methodName: "echo",
    methodArgSigs: types,
    targetAppName: null,
    requestProps: new JavaMap(null, [["type", "sync"]]),
    args,
  };
  const peerReq = {
    serverSignature: SERVICE,
    methodName: "echo",
    args: peerArgs,
    timeout: 3000,
    requestProps: { type: "sync" },
  };
  const ours = ourRequest(req);
  const peer = Buffer.from(boltProtocol.requestEncode(1, peerReq, peerOptions));
  return [
    {
      name: `bolt/encode/${label}`,
      bytes: ours.length,
      ours: () => ourRequest(req),
      peer: { name: "sofa-bolt-node", run: () => boltProtocol.requestEncode(1, peerReq, peerOptions) },
    },
    {
      name: `bolt/decode/${label}`,
      bytes: ours.length,
      ours: () => decodeOurs(ours),
      peer: { name: "sofa-bolt-node", run: () => boltProtocol.decode(peer, {}) },
    },
  ];
}

function responseCase(label: string, value: HessianValue, peerValue: unknown): BenchCase[] {
  const res = { isError: false, errorMsg: null, appResponse: peerValue, responseProps: null };
  const ours = ourResponse(value);
  const peer = Buffer.from(boltProtocol.responseEncode(1, res, peerOptions));
  return [
    {
      name: `bolt/encode/${label}`,
      bytes: ours.length,
      ours: () => ourResponse(value),
      peer: { name: "sofa-bolt-node", run: () => boltProtocol.responseEncode(1, res, peerOptions) },
    },
    {
      name: `bolt/decode/${label}`,
      bytes: ours.length,
      ours: () => decodeOurs(ours),
      peer: { name: "sofa-bolt-node", run: () => boltProtocol.decode(peer, {}) },
    },
  ];
}

export const cases: BenchCase[] = [
  ...requestCase("request-string", ["java.lang.String"], ["hello"], [{ $class: "java.lang.String", $: "hello" }]),
  ...requestCase(
    "request-users-100",
    ["java.util.List"],
    [users(100)],
    [{ $class: "java.util.List", $: peerUsers(100) }],
  ),
  ...responseCase("response-string", "hello", "hello"),
];
