import { javaArg } from "@tribridge/dubbo";
import { JavaFloat, java } from "@tribridge/hessian2";
import { describe, expect, it } from "vitest";

describe("javaArg", () => {
  it("keeps values that are already typed, floats included", () => {
    // What the JSON transcoder hands over for a float parameter: it must pass as it is.
    const f = java.float(1.5);
    expect(javaArg(f, "float")).toBe(f);
    expect(javaArg(f, "java.lang.Float")).toBe(f);
    const d = java.double(2.5);
    expect(javaArg(d, "double")).toBe(d);
  });

  it("types plain numbers by the declared parameter", () => {
    expect(javaArg(1.5, "float")).toBeInstanceOf(JavaFloat);
    expect(javaArg(7, "long")).toBe(7n);
  });

  it("refuses what a primitive cannot hold", () => {
    expect(() => javaArg("x", "float")).toThrow(/float/);
    expect(() => javaArg(null, "int")).toThrow(/primitive/);
  });
});
