import { type BoltServer, type MethodDefinition, RemoteError, BoltServer as Server } from "@tribridge/rpc";
import { sleepMethod } from "./transport-helpers.js";

export const SOFA_ECHO = { interface: "com.example.sofa.EchoService", version: "1.0" } as const;

export const boltEchoMethods: MethodDefinition[] = [
  { name: "echoString", parameterTypes: ["java.lang.String"], handler: (c) => c.args[0] },
  {
    name: "echoString",
    parameterTypes: ["java.lang.String", "java.lang.String"],
    handler: (c) => `${c.args[0]}|${c.args[1]}`,
  },
  { name: "echoLong", parameterTypes: ["long"], returnType: "long", handler: (c) => c.args[0] },
  { name: "echoInts", parameterTypes: ["int[]"], handler: (c) => c.args[0] },
  {
    name: "fail",
    parameterTypes: ["java.lang.String"],
    handler: (c) => {
      throw new RemoteError("com.example.sofa.BizException", String(c.args[0]), { code: 4001 });
    },
  },
  {
    name: "echoAttachments",
    parameterTypes: [],
    handler: (c) => {
      c.responseAttachments.seen = String(c.attachments.k ?? "");
      return JSON.stringify(c.attachments);
    },
  },
  sleepMethod,
];

export async function startBoltServer(
  options?: ConstructorParameters<typeof Server>[0],
): Promise<{ server: BoltServer; port: number }> {
  const server = new Server(options);
  server.addService(SOFA_ECHO, boltEchoMethods);
  server.addService({ ...SOFA_ECHO, group: "g1" }, [
    { name: "echoString", parameterTypes: ["java.lang.String"], handler: (c) => `g1:${c.args[0]}` },
  ]);
  const { port } = await server.listen();
  return { server, port };
}
