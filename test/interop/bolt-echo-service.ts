/** EchoService of interop/java/sofa-peer implemented on BoltServer, for Java and Node consumers to call. */

import { JavaMap } from "@tribridge/hessian2";
import { type MethodDefinition, RemoteError } from "@tribridge/rpc";

export const SOFA_PKG = "com.example.sofa";
export const SOFA_ECHO = { interface: `${SOFA_PKG}.EchoService`, version: "1.0" } as const;

const echo = (types: string[], name: string, returnType?: string): MethodDefinition => ({
  name,
  parameterTypes: types,
  ...(returnType === undefined ? {} : { returnType }),
  handler: (c) => c.args[0],
});

export function sofaEchoMethods(uniqueId: string): MethodDefinition[] {
  return [
    echo(["java.lang.String"], "echoString"),
    {
      name: "echoString",
      parameterTypes: ["java.lang.String", "java.lang.String"],
      handler: (c) => `${c.args[0]}|${c.args[1]}`,
    },
    echo(["int"], "echoInt", "int"),
    echo(["long"], "echoLong", "long"),
    echo(["java.lang.Long"], "echoBoxedLong", "java.lang.Long"),
    echo(["boolean"], "echoBool"),
    echo(["double"], "echoDouble", "double"),
    echo(["java.math.BigDecimal"], "echoBigDecimal"),
    echo(["java.util.Date"], "echoDate"),
    echo([`${SOFA_PKG}.Color`], "echoEnum"),
    echo(["java.util.List"], "echoUsers"),
    echo(["java.util.Map"], "echoUserMap"),
    echo([`${SOFA_PKG}.Order`], "echoOrder"),
    echo(["byte[]"], "echoBytes"),
    {
      name: "fail",
      parameterTypes: ["java.lang.String"],
      handler: (c) => {
        throw new RemoteError(`${SOFA_PKG}.BizException`, String(c.args[0]), { code: 4001 });
      },
    },
    {
      // Like the Java peer: the request baggage (SOFARPC's `rpc_req_baggage` prop) plus who answered.
      name: "echoAttachments",
      parameterTypes: [],
      handler: (c) => {
        const out = new JavaMap(null);
        const baggage = c.attachments.rpc_req_baggage;
        if (typeof baggage === "object" && baggage !== null) {
          for (const [k, v] of Object.entries(baggage)) out.set(k, String(v));
        }
        out.set("_peer.uniqueId", uniqueId);
        return out;
      },
    },
    {
      name: "sleep",
      parameterTypes: ["int"],
      handler: (c) =>
        new Promise((resolve) => {
          const ms = Math.max(0, Math.min(Number(c.args[0]), 30_000));
          const t = setTimeout(() => resolve(`slept ${ms}`), ms);
          c.signal.addEventListener("abort", () => {
            clearTimeout(t);
            resolve("aborted after deadline");
          });
        }),
    },
  ];
}
