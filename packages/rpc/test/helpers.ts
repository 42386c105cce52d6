import { DubboServer, type MethodDefinition, RemoteError } from "@tribridge/rpc";
import { sleepMethod } from "./transport-helpers.js";

export const ECHO = { interface: "com.example.interop.EchoService", version: "1.0.0" } as const;

export const echoMethods: MethodDefinition[] = [
  { name: "echoString", parameterTypes: ["java.lang.String"], handler: (c) => c.args[0] },
  {
    name: "echoString",
    parameterTypes: ["java.lang.String", "java.lang.String"],
    handler: (c) => `${c.args[0]}|${c.args[1]}`,
  },
  { name: "echoLong", parameterTypes: ["long"], returnType: "long", handler: (c) => c.args[0] },
  {
    name: "fail",
    parameterTypes: ["java.lang.String"],
    handler: (c) => {
      throw new RemoteError("com.example.interop.BizException", String(c.args[0]), { code: 4001 });
    },
  },
  {
    name: "echoAttachments",
    parameterTypes: [],
    handler: (c) => {
      c.responseAttachments.seen = String(c.attachments.k ?? "");
      return Object.keys(c.attachments).length;
    },
  },
  sleepMethod,
];

export async function startServer(options?: ConstructorParameters<typeof DubboServer>[0]) {
  const server = new DubboServer(options);
  server.addService(ECHO, echoMethods);
  server.addService({ ...ECHO, group: "g1" }, [
    { name: "echoString", parameterTypes: ["java.lang.String"], handler: (c) => `g1:${c.args[0]}` },
  ]);
  const { port } = await server.listen();
  return { server, port };
}

/** Our sockets and timers, as Node reports them (tests compare before/after). */
export function ourResources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r === "TCPSocketWrap" || r === "TCPServerWrap" || r === "Timeout");
}
