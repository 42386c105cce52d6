/**
 * Our encoder against real Java readers. For each Java Hessian implementation (jar built by
 * `bash interop/java/build.sh`): every golden case of its manifest is decoded by us, re-encoded
 * by us in the manifest's dialect (one stream per case), and all encodings go to the Java
 * tool's `decode` mode in one JVM run. What Java reads back must describe exactly as the
 * fixture says Java read its own bytes (comparison rules: codecs/hessian2/test/describe.ts).
 *
 * A missing jar or a failing JVM fails the suite with the tool output: CI builds the jars
 * before `npm run test:interop`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Dialect, decodeAll, encodeAll } from "@tribridge/hessian2";
import { afterAll, beforeAll, expect, describe as suite, test } from "vitest";
import { compareValueLists, type Desc, toHex } from "../../codecs/hessian2/test/describe.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = join(ROOT, "fixtures/hessian2");
const JAVA_DIR = join(ROOT, "interop/java");

/** Manifest file → Maven module of the Java tool that reads with the same implementation. */
const IMPLEMENTATIONS: readonly { readonly manifest: string; readonly module: string }[] = [
  { manifest: "caucho.json", module: "hessian-caucho" },
  { manifest: "hessian-lite.json", module: "hessian-lite" },
  { manifest: "sofa-hessian4.json", module: "hessian-sofa4" },
  { manifest: "sofa-hessian3.json", module: "hessian-sofa3" },
];

interface GoldenCase {
  readonly name: string;
  readonly bytes: string;
  readonly values: readonly Desc[];
}

interface Manifest {
  readonly implementation: string;
  readonly dialect: Dialect;
  readonly cases: readonly GoldenCase[];
}

type JavaResult =
  | { readonly name: string; readonly values: readonly Desc[] }
  | { readonly name: string; readonly error: string };

/** Our side of one case: the bytes we wrote, or why we could not. */
type Ours = { readonly bytes: string; readonly count: number } | { readonly error: string };

function findJar(module: string): string | undefined {
  const target = join(JAVA_DIR, module, "target");
  if (!existsSync(target)) return undefined;
  const jars = readdirSync(target).filter((f) => f.endsWith(".jar") && !f.startsWith("original-"));
  // The shaded jar is named after the module (finalName); prefer it over anything else.
  const jar = jars.find((f) => f === `${module}.jar`) ?? jars[0];
  return jar === undefined ? undefined : join(target, jar);
}

const scratch = mkdtempSync(join(tmpdir(), "tribridge-hessian-interop-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

for (const impl of IMPLEMENTATIONS) {
  const manifestPath = join(FIXTURES, impl.manifest);
  suite(`Java ${impl.module} reads our encodings`, () => {
    const manifest: Manifest | undefined = existsSync(manifestPath)
      ? (JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest)
      : undefined;
    const ours = new Map<string, Ours>();
    const java = new Map<string, JavaResult>();
    let setupError: string | undefined;

    beforeAll(() => {
      if (manifest === undefined) {
        setupError = `fixture ${manifestPath} is missing`;
        return;
      }
      const jar = findJar(impl.module);
      if (jar === undefined) {
        setupError = `no jar in interop/java/${impl.module}/target: run \`bash interop/java/build.sh\` first`;
        return;
      }
      const request: { name: string; bytes: string; count: number }[] = [];
      for (const c of manifest.cases) {
        try {
          const values = decodeAll(Buffer.from(c.bytes, "hex"), { dialect: manifest.dialect });
          const bytes = toHex(encodeAll(values, { dialect: manifest.dialect }));
          ours.set(c.name, { bytes, count: values.length });
          request.push({ name: c.name, bytes, count: values.length });
        } catch (error) {
          ours.set(c.name, { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        }
      }
      const file = join(scratch, `${impl.module}.json`);
      writeFileSync(file, JSON.stringify({ cases: request }));
      let stdout: string;
      try {
        stdout = execFileSync("java", ["-jar", jar, "decode", file], {
          encoding: "utf8",
          maxBuffer: 512 * 1024 * 1024,
          timeout: 120_000,
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch (error) {
        const e = error as { message?: string; stdout?: string; stderr?: string; status?: number };
        setupError =
          `java -jar ${jar} decode failed (status ${String(e.status)}): ${e.message ?? ""}\n` +
          `stderr:\n${e.stderr ?? ""}\nstdout (head):\n${(e.stdout ?? "").slice(0, 4000)}`;
        return;
      }
      let parsed: { results?: JavaResult[] };
      try {
        parsed = JSON.parse(stdout) as { results?: JavaResult[] };
      } catch (error) {
        setupError = `unparsable output of ${jar}: ${String(error)}\n${stdout.slice(0, 4000)}`;
        return;
      }
      for (const r of parsed.results ?? []) java.set(r.name, r);
    });

    test("Java tool ran", () => {
      expect(setupError, setupError).toBeUndefined();
    });

    const cases = manifest?.cases ?? [];
    test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      if (setupError !== undefined) expect.fail(setupError);
      const mine = ours.get(c.name);
      if (mine === undefined) expect.fail("case was not prepared");
      if ("error" in mine) expect.fail(`our codec could not decode/re-encode the fixture: ${mine.error}`);
      const result = java.get(c.name);
      if (result === undefined) expect.fail(`Java returned no result for ${c.name}`);
      if ("error" in result) expect.fail(`Java could not read our bytes ${mine.bytes.slice(0, 200)}: ${result.error}`);
      const diff = compareValueLists(c.values, result.values);
      expect(diff, `Java read our bytes ${mine.bytes.slice(0, 200)} differently`).toBeUndefined();
    });
  });
}
