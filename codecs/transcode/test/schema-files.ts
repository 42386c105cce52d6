/** Test helper: reads .proto files from the fixtures and from google-proto-files in node_modules. */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadProtoSchema, type Schema } from "../src/index.js";

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
// The googleapis protos come from the registry package, never copied into the repo.
export const googleapisDir = dirname(createRequire(import.meta.url).resolve("google-proto-files/package.json"));

export function readProto(path: string): string | undefined {
  for (const dir of [fixturesDir, googleapisDir]) {
    const f = join(dir, path);
    if (existsSync(f)) return readFileSync(f, "utf8");
  }
  return undefined;
}

export function echoSchema(): Schema {
  return loadProtoSchema(["echo.proto"], readProto);
}
