/** EchoService of interop/java/dubbo-peer implemented on DubboServer, for the Java consumer to call. */

import { JavaMap } from "@tribridge/hessian2";
import { type MethodDefinition, RemoteError } from "@tribridge/rpc";

const echo = (types: string[], name: string): MethodDefinition => ({
  name,
  parameterTypes: types,
  handler: (c) => c.args[0],
});

export function echoServiceMethods(label: string): MethodDefinition[] {
  return [
    echo(["java.lang.String"], "echoString"),
    {
      name: "echoString",
      parameterTypes: ["java.lang.String", "java.lang.String"],
      handler: (c) => `${c.args[0]}|${c.args[1]}`,
    },
    echo(["int"], "echoInt"),
    echo(["long"], "echoLong"),
    echo(["java.lang.Long"], "echoBoxedLong"),
    echo(["boolean"], "echoBool"),
    echo(["double"], "echoDouble"),
    echo(["java.math.BigDecimal"], "echoBigDecimal"),
    echo(["java.util.Date"], "echoDate"),
    echo(["com.example.interop.Color"], "echoEnum"),
    echo(["java.util.List"], "echoUsers"),
    echo(["java.util.Map"], "echoUserMap"),
    echo(["com.example.interop.Order"], "echoOrder"),
    echo(["byte[]"], "echoBytes"),
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
        const out = new JavaMap(null);
        for (const [k, v] of Object.entries(c.attachments).sort(([a], [b]) => (a < b ? -1 : 1))) out.set(k, String(v));
        out.set("_peer.group", label);
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
            resolve(`aborted after deadline`);
          });
        }),
    },
  ];
}
