import { DecodeError, EncodeError } from "@tribridge/core";
import {
  formatGrpcTimeout,
  formatGrpcTimeoutMillis,
  grpcTimeoutFromNanos,
  grpcTimeoutToMillis,
  grpcTimeoutToNanos,
  parseGrpcTimeout,
  parseGrpcTimeoutMillis,
} from "@tribridge/triple";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("grpc-timeout", () => {
  it("parses every unit", () => {
    expect(parseGrpcTimeoutMillis("2H")).toBe(7_200_000);
    expect(parseGrpcTimeoutMillis("3M")).toBe(180_000);
    expect(parseGrpcTimeoutMillis("5S")).toBe(5_000);
    expect(parseGrpcTimeoutMillis("250m")).toBe(250);
    expect(parseGrpcTimeoutMillis("1500u")).toBe(1.5);
    expect(grpcTimeoutToNanos(parseGrpcTimeout("7n"))).toBe(7n);
    expect(grpcTimeoutToNanos(parseGrpcTimeout("99999999H"))).toBe(99_999_999n * 3_600_000_000_000n);
    expect(grpcTimeoutToMillis({ value: 0, unit: "S" })).toBe(0);
  });

  it("rejects more than 8 digits, missing or unknown units, signs", () => {
    for (const bad of ["123456789m", "100", "10s", "10h", "-1S", "+1S", "1.5S", "", "m", " 1 S"]) {
      expect(() => parseGrpcTimeout(bad), bad).toThrow(DecodeError);
    }
  });

  it("formats with the finest unit that fits eight digits, rounding up", () => {
    expect(formatGrpcTimeoutMillis(1)).toBe("1000000n");
    expect(formatGrpcTimeoutMillis(99)).toBe("99000000n");
    expect(formatGrpcTimeoutMillis(100)).toBe("100000u");
    expect(formatGrpcTimeoutMillis(100_000)).toBe("100000m");
    expect(formatGrpcTimeoutMillis(100_000_000)).toBe("100000S");
    expect(formatGrpcTimeoutMillis(0.0015)).toBe("1500n");
    expect(formatGrpcTimeoutMillis(-5)).toBe("0n");
    expect(formatGrpcTimeoutMillis(Number.POSITIVE_INFINITY)).toBe("99999999H");
    // 1 day + 1 ns: too long for n and u, so rounded up to the next millisecond.
    expect(grpcTimeoutFromNanos(86_400_000_000_001n)).toEqual({ value: 86_400_001, unit: "m" });
    expect(grpcTimeoutFromNanos(10n ** 15n + 1n)).toEqual({ value: 1_000_001, unit: "S" });
    expect(formatGrpcTimeout({ value: 12, unit: "M" })).toBe("12M");
    expect(() => formatGrpcTimeout({ value: 100_000_000, unit: "S" })).toThrow(EncodeError);
    expect(() => formatGrpcTimeoutMillis(Number.NaN)).toThrow(EncodeError);
  });

  it("never shortens a deadline and always emits a valid header", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (nanos) => {
        const t = grpcTimeoutFromNanos(nanos);
        const text = formatGrpcTimeout(t);
        expect(text).toMatch(/^\d{1,8}[HMSmun]$/);
        expect(grpcTimeoutToNanos(parseGrpcTimeout(text)) >= nanos).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
