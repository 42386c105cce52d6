/**
 * Transcoding costs: matching one rule among 500 routes; JSON → protobuf → JSON through
 * HttpTranscoder next to protobuf-es's own fromJson/toJson on the same message (the peer);
 * JSON → Hessian for a 1000-element List<DTO>.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { encode } from "@tribridge/hessian2";
import type { BenchCase } from "../../../scripts/bench-api.js";
import { type Binding, bindingsOf, HttpTranscoder, jsonToJava, loadProtoSchema, Router } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const dirs = [
  join(here, "../test/fixtures"),
  dirname(createRequire(import.meta.url).resolve("google-proto-files/package.json")),
];
const read = (p: string) => {
  for (const d of dirs) if (existsSync(join(d, p))) return readFileSync(join(d, p), "utf8");
  return undefined;
};
const schema = loadProtoSchema(["echo.proto"], read);
const transcoder = new HttpTranscoder(schema);

const router = new Router<number>();
const routes: [Binding, number][] = [];
for (let i = 0; i < 500; i++) {
  routes.push([
    bindingsOf(`p.S.M${i}`, {
      [["get", "post", "put"][i % 3] as string]: `/api/v${i % 7}/res${i}/{id}/sub/{rest=**}`,
    })[0] as Binding,
    i,
  ]);
}
router.add(routes);

const body = JSON.stringify({
  name: "a book",
  id: "9007199254740993",
  tags: ["x", "y", "z"],
  nested: { note: "n", count: "12", ids: [1, 2, 3] },
  labels: { a: "1", b: "2" },
  items: [{ note: "i1" }, { note: "i2", kind: "KIND_BOOK" }],
});
const Echo = schema.registry.getMessage("tribridge.transcode.test.Echo");
if (Echo === undefined) throw new Error("schema");
const route = transcoder.match("POST", "/v1/shelves/s1/books");
if (route === undefined) throw new Error("route");

const USER = "com.example.User";
const classes = {
  [USER]: {
    id: "long",
    name: "String",
    email: "String",
    tags: "List<String>",
    createdAt: "java.util.Date",
    score: "double",
  },
};
const users = Array.from({ length: 1000 }, (_, i) => ({
  id: String(2 ** 40 + i),
  name: `user-${i}`,
  email: `user-${i}@example.com`,
  tags: ["a", "b"],
  createdAt: "2024-02-29T12:34:56.789Z",
  score: i + 0.5,
}));
const usersJson = JSON.stringify(users);

export const cases: readonly BenchCase[] = [
  {
    name: "transcode/route/match-1-of-500",
    bytes: 0,
    ours: () => router.match("GET", "/api/v3/res444/42/sub/a/b?x=1"),
  },
  {
    name: "transcode/proto-json/request-json-to-binary",
    bytes: body.length,
    ours: () => toBinary(Echo, transcoder.requestFor(route, body).message),
    peer: {
      name: "@bufbuild/protobuf fromJson",
      run: () => toBinary(Echo, fromJson(Echo, { ...JSON.parse(body), shelf: "s1" })),
    },
  },
  {
    name: "transcode/proto-json/json-to-proto-to-json",
    bytes: body.length,
    ours: () => {
      const r = transcoder.requestFor(route, body);
      return transcoder.response(r, r.message);
    },
    peer: {
      name: "@bufbuild/protobuf fromJson+toJson",
      run: () => JSON.stringify(toJson(Echo, fromJson(Echo, { ...JSON.parse(body), shelf: "s1" }))),
    },
  },
  {
    name: "transcode/java-json/list-dto-1000-to-hessian",
    bytes: usersJson.length,
    ours: () => encode(jsonToJava(JSON.parse(usersJson), `java.util.List<${USER}>`, { classes })),
  },
];
