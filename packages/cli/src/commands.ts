import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { CodecError } from "@tribridge/core";
import { type Dialect, decodeAll, detectSofaDialect, encode, toJs } from "@tribridge/hessian2";
import { DEMO_SAMPLE } from "./demo-sample.js";
import { formatValue } from "./format-value.js";

/** Where a command writes: injectable so tests can capture output without a subprocess. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `tribridge: bridges Dubbo/HSF, SOFARPC (Bolt), Triple/gRPC and HTTP.

Usage:
  tribridge demo                          decode a Dubbo request body written by Java's hessian-lite
  tribridge hessian decode <input>        print every value of a Hessian stream with its Java types
        [--dialect hessian2|hessian3|auto] [--js]
  tribridge hessian encode <json>         encode a JSON value (hessian.js {"$class","$"} wrappers allowed)
        [--dialect hessian2|hessian3]
  tribridge hessian detect <input>        tell which Hessian dialect a SOFARPC body uses

<input> is hex text, @path for a binary file, or - for binary on stdin.
The gateway and ext_proc server commands arrive with their packages; see the README.`;

export function parseDialect(text: string | undefined, bytes?: Uint8Array): Dialect {
  if (text === undefined || text === "auto") {
    return (bytes && detectSofaDialect(bytes)) ?? "hessian2";
  }
  if (text === "hessian2" || text === "hessian3") return text;
  throw new UsageError(`unknown dialect ${JSON.stringify(text)}: use hessian2, hessian3 or auto`);
}

export class UsageError extends Error {}

/** Reads `<input>`: hex text, `@file` or `-` (stdin). */
export function readInput(spec: string): Uint8Array {
  if (spec === "-") return new Uint8Array(readFileSync(0));
  if (spec.startsWith("@")) return new Uint8Array(readFileSync(spec.slice(1)));
  const hex = spec.replace(/[\s:]/g, "");
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new UsageError("input is neither hex text, @file nor -");
  }
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function decodeCommand(bytes: Uint8Array, dialect: Dialect, asJs: boolean, io: Output): void {
  const values = decodeAll(bytes, { dialect });
  io.out(`${values.length} value(s), ${bytes.length} bytes, dialect ${dialect}`);
  values.forEach((value, i) => {
    if (asJs) {
      io.out(`[${i}] ${inspect(toJs(value), { depth: 8, colors: false, breakLength: 100 })}`);
    } else {
      io.out(formatValue(value).replace(/^/, `[${i}] `));
    }
  });
}

export function demoCommand(io: Output): void {
  io.out(`${DEMO_SAMPLE.description}`);
  io.out(`bytes: ${DEMO_SAMPLE.hex}`);
  io.out("");
  decodeCommand(readInput(DEMO_SAMPLE.hex), "hessian2", false, io);
}

/** Runs one command line; returns the process exit code. */
export function run(argv: readonly string[], io: Output): number {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--js" || arg === "--help" || arg === "-h") flags.set(arg, true);
    else if (arg === "--dialect") flags.set(arg, argv[++i] ?? "");
    else positional.push(arg);
  }
  try {
    const [command, sub, input] = positional;
    if (flags.has("--help") || flags.has("-h") || command === undefined || command === "help") {
      io.out(USAGE);
      return 0;
    }
    const dialectFlag = flags.get("--dialect");
    const dialectText = typeof dialectFlag === "string" ? dialectFlag : undefined;
    if (command === "demo") {
      demoCommand(io);
      return 0;
    }
    if (command === "hessian" && input !== undefined) {
      if (sub === "decode") {
        const bytes = readInput(input);
        decodeCommand(bytes, parseDialect(dialectText, bytes), flags.has("--js"), io);
        return 0;
      }
      if (sub === "encode") {
        io.out(toHex(encode(JSON.parse(input) as unknown, { dialect: parseDialect(dialectText ?? "hessian2") })));
        return 0;
      }
      if (sub === "detect") {
        io.out(detectSofaDialect(readInput(input)) ?? "unknown (not a SOFARPC envelope)");
        return 0;
      }
    }
    throw new UsageError(`unknown command: ${argv.join(" ")}`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof CodecError || e instanceof SyntaxError) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
