import { run } from "@tribridge/cli";
import { describe, expect, it } from "vitest";

function capture(argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("tribridge command", () => {
  it("demo decodes a Java-written Dubbo body with its Java types", () => {
    const { code, out } = capture(["demo"]);
    expect(code).toBe(0);
    expect(out).toContain("7 value(s), 135 bytes, dialect hessian2");
    expect(out).toContain('[0] string "2.0.2"');
    expect(out).toContain('[1] string "com.example.UserService"');
    expect(out).toContain('[3] string "getUser"');
    expect(out).toContain('[4] string "J"');
    expect(out).toContain("[5] long 42");
    expect(out).toMatch(/\[6\] map @0 \(untyped\) \{4\}/);
    expect(out).toContain('=> string "3000"');
  });

  it("encodes JSON with hessian.js wrappers and decodes it back", () => {
    const encoded = capture(["hessian", "encode", '[1, {"$class": "java.lang.Long", "$": 2}, 1.5, "x"]']);
    expect(encoded.code).toBe(0);
    expect(encoded.out).toBe("7c91e25f000005dc0178");
    const decoded = capture(["hessian", "decode", encoded.out]);
    expect(decoded.out).toContain("[0] list @0 [4]");
    expect(decoded.out).toContain("[1] long 2");
    expect(decoded.out).toContain("[2] double 1.5");
  });

  it("tells the SOFA dialect from the first byte", () => {
    expect(capture(["hessian", "detect", "43"]).out).toBe("hessian2");
    expect(capture(["hessian", "detect", "4f"]).out).toBe("hessian3");
    expect(capture(["hessian", "detect", "90"]).out).toMatch(/unknown/);
  });

  it("reports bad input with the offset, and bad usage with exit code 2", () => {
    const bad = capture(["hessian", "decode", "52"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/truncated at byte \d+/);
    expect(capture(["nonsense"]).code).toBe(2);
    expect(capture(["hessian", "decode", "zz"]).code).toBe(2);
    expect(capture(["--help"]).out).toContain("Usage:");
  });
});

describe("demo sample", () => {
  it("is byte for byte the golden case Java's hessian-lite wrote", async () => {
    const { readFileSync } = await import("node:fs");
    const { DEMO_SAMPLE } = await import("../src/demo-sample.js");
    const manifest = JSON.parse(
      readFileSync(new URL("../../../fixtures/hessian2/hessian-lite.json", import.meta.url), "utf8"),
    ) as { artifact: string; cases: { name: string; bytes: string }[] };
    const golden = manifest.cases.find((c) => c.name === "multi.dubbo_request");
    expect(DEMO_SAMPLE.hex).toBe(golden?.bytes);
    expect(DEMO_SAMPLE.description).toContain(manifest.artifact);
  });
});
