/**
 * The conformance suite's protos as a @bufbuild/protobuf registry, built at run time: protoc
 * (from the Java peer build) compiles the .proto files that `go install` of connectconformance
 * left in the Go module cache into a FileDescriptorSet. Nothing generated is committed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { registryFromDescriptorSet } from "@tribridge/rpc";

const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
export const CONFORMANCE_VERSION = "v1.0.7";
const modDir = join(
  process.env.GOMODCACHE ?? join(homedir(), "go/pkg/mod"),
  `connectrpc.com/conformance@${CONFORMANCE_VERSION}`,
);
const protoc = join(repo, "interop/java/dubbo-peer/target/protoc-plugins/protoc-3.25.8-linux-x86_64.exe");
const wktDir = join(repo, "interop/java/dubbo-peer/target/protoc-dependencies");

function wktInclude(): string {
  // The Java build unpacks protobuf-java's .proto files into a hashed folder.
  for (const d of execFileSync("ls", [wktDir]).toString().trim().split("\n")) {
    if (existsSync(join(wktDir, d, "google/protobuf/any.proto"))) return join(wktDir, d);
  }
  throw new Error(`google/protobuf/*.proto not found under ${wktDir}`);
}

export function conformanceRegistry() {
  for (const [p, what] of [
    [modDir, "connectconformance module sources (bash interop/go/setup.sh)"],
    [protoc, "protoc from the Java peer build (bash interop/setup.sh)"],
  ] as const) {
    if (!existsSync(p)) throw new Error(`${what} missing: ${p}`);
  }
  const out = join(mkdtempSync(join(tmpdir(), "tribridge-conf-")), "set.binpb");
  execFileSync(protoc, [
    `-I${join(modDir, "proto")}`,
    `-I${wktInclude()}`,
    "--include_imports",
    `--descriptor_set_out=${out}`,
    "connectrpc/conformance/v1/service.proto",
    "connectrpc/conformance/v1/server_compat.proto",
    "connectrpc/conformance/v1/client_compat.proto",
  ]);
  return registryFromDescriptorSet(readFileSync(out));
}

export const conformanceDir = modDir;
