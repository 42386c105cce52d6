import { EncodeError } from "@tribridge/core";
import { fromDescriptor, splitDescriptor, toDescriptor, typeToDescriptor } from "@tribridge/dubbo";
import { describe, expect, it } from "vitest";

describe("parameter-type descriptors", () => {
  it("converts source names to descriptors like ReflectUtils.getDesc", () => {
    expect(toDescriptor(["java.lang.String", "int[]"])).toBe("Ljava/lang/String;[I");
    expect(toDescriptor([])).toBe("");
    expect(toDescriptor(["long", "boolean", "char", "byte", "short", "float", "double"])).toBe("JZCBSFD");
    expect(toDescriptor(["java.lang.String[][]", "a.b.Outer$Inner"])).toBe("[[Ljava/lang/String;La/b/Outer$Inner;");
    expect(typeToDescriptor("[Ljava.lang.String;")).toBe("[Ljava/lang/String;");
    expect(typeToDescriptor("[I")).toBe("[I");
    expect(typeToDescriptor("Ljava/util/List;")).toBe("Ljava/util/List;");
  });

  it("converts descriptors back, primitives included (dubbo2.js split on ';' gets this wrong)", () => {
    expect(fromDescriptor("Ljava/lang/String;[I")).toEqual(["java.lang.String", "int[]"]);
    expect(fromDescriptor("IJLjava/util/Map;[[D")).toEqual(["int", "long", "java.util.Map", "double[][]"]);
    expect(fromDescriptor("Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/Object;")).toEqual([
      "java.lang.String",
      "java.lang.String[]",
      "java.lang.Object[]",
    ]);
    expect(splitDescriptor("")).toEqual([]);
  });

  it("rejects malformed descriptors and names with typed errors", () => {
    for (const bad of ["L", "Ljava/lang/String", "[", "X", "V", "L;"]) {
      expect(() => splitDescriptor(bad), bad).toThrow(/descriptor/);
    }
    expect(() => toDescriptor(["void"])).toThrow(EncodeError);
    expect(() => toDescriptor(["a b"])).toThrow(EncodeError);
    expect(() => toDescriptor(["void[]"])).toThrow(EncodeError);
  });
});
