import {
  DEFAULT_DECODE_LIMITS,
  INT64_MAX,
  INT64_MIN,
  int64ToSafeNumberOrBigInt,
  isInt32,
  parseInt64,
  resolveDecodeLimits,
  toInt64,
} from "@tribridge/core";
import { describe, expect, it } from "vitest";

describe("int64 helpers", () => {
  it("parses longs exactly and refuses what Java cannot hold", () => {
    expect(parseInt64("9223372036854775807")).toBe(INT64_MAX);
    expect(parseInt64("-9223372036854775808")).toBe(INT64_MIN);
    expect(parseInt64("9223372036854775808")).toBeUndefined();
    expect(parseInt64("1.5")).toBeUndefined();
    expect(parseInt64("")).toBeUndefined();
    expect(parseInt64("+42")).toBe(42n);
  });

  it("keeps precision when narrowing to number", () => {
    expect(int64ToSafeNumberOrBigInt(2n ** 53n - 1n)).toBe(2 ** 53 - 1);
    expect(int64ToSafeNumberOrBigInt(2n ** 53n + 1n)).toBe(2n ** 53n + 1n);
    expect(toInt64(2n ** 63n)).toBe(INT64_MIN);
  });

  it("knows Java int", () => {
    expect(isInt32(2147483647)).toBe(true);
    expect(isInt32(2147483648)).toBe(false);
    expect(isInt32(-0)).toBe(false);
    expect(isInt32(1.5)).toBe(false);
  });
});

describe("limits", () => {
  it("fills defaults and rejects nonsense", () => {
    expect(resolveDecodeLimits()).toBe(DEFAULT_DECODE_LIMITS);
    expect(resolveDecodeLimits({ maxDepth: 3 }).maxDepth).toBe(3);
    expect(resolveDecodeLimits({ maxDepth: 3 }).maxBytes).toBe(DEFAULT_DECODE_LIMITS.maxBytes);
    expect(() => resolveDecodeLimits({ maxDepth: -1 })).toThrow(RangeError);
    expect(() => resolveDecodeLimits({ maxBytes: Number.NaN })).toThrow(RangeError);
  });
});
