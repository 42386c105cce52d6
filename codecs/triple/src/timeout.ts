import { DecodeError, EncodeError } from "@tribridge/core";

/** `grpc-timeout` units: hours, minutes, seconds, milli-, micro-, nanoseconds. */
export type TimeoutUnit = "H" | "M" | "S" | "m" | "u" | "n";

export interface GrpcTimeout {
  /** 0 to 99,999,999: the spec allows at most 8 digits. */
  readonly value: number;
  readonly unit: TimeoutUnit;
}

const MAX_VALUE = 99_999_999;
const NANOS_PER_UNIT: Readonly<Record<TimeoutUnit, number>> = {
  H: 3_600_000_000_000,
  M: 60_000_000_000,
  S: 1_000_000_000,
  m: 1_000_000,
  u: 1_000,
  n: 1,
};
const MILLIS_PER_UNIT: Readonly<Record<TimeoutUnit, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1_000,
  m: 1,
  u: 0.001,
  n: 0.000_001,
};
// Finest first: the most precise unit whose value still fits in eight digits wins.
const UNITS_FINEST_FIRST: readonly TimeoutUnit[] = ["n", "u", "m", "S", "M", "H"];
const TIMEOUT = /^(\d{1,8})([HMSmun])$/;

/**
 * Parses a `grpc-timeout` header. Strict: 1 to 8 digits and one unit, nothing else
 * (Dubbo Java accepts longer values; the spec does not). Throws a DecodeError (`malformed`).
 */
export function parseGrpcTimeout(text: string): GrpcTimeout {
  const m = TIMEOUT.exec(text.trim());
  if (m === null) {
    throw new DecodeError(`invalid grpc-timeout ${JSON.stringify(text.slice(0, 32))}`, {
      protocol: "grpc",
      reason: "malformed",
      offset: 0,
    });
  }
  return { value: Number(m[1]), unit: m[2] as TimeoutUnit };
}

/** The timeout in milliseconds; `u` and `n` give fractions. */
export function grpcTimeoutToMillis(t: GrpcTimeout): number {
  return t.value * MILLIS_PER_UNIT[t.unit];
}

/** The timeout in nanoseconds, exactly. */
export function grpcTimeoutToNanos(t: GrpcTimeout): bigint {
  return BigInt(t.value) * BigInt(NANOS_PER_UNIT[t.unit]);
}

/** Parses a header straight to milliseconds. */
export function parseGrpcTimeoutMillis(text: string): number {
  return grpcTimeoutToMillis(parseGrpcTimeout(text));
}

/** Formats a value in a given unit; throws EncodeError outside 0..99,999,999. */
export function formatGrpcTimeout(t: GrpcTimeout): string {
  if (!Number.isInteger(t.value) || t.value < 0 || t.value > MAX_VALUE) {
    throw new EncodeError(`grpc-timeout value ${t.value} is not an integer of at most 8 digits`, {
      protocol: "grpc",
      reason: "unencodable",
      offset: 0,
    });
  }
  if (!(t.unit in NANOS_PER_UNIT)) {
    throw new EncodeError(`unknown grpc-timeout unit ${String(t.unit)}`, {
      protocol: "grpc",
      reason: "unencodable",
      offset: 0,
    });
  }
  return `${t.value}${t.unit}`;
}

/**
 * Chooses the finest unit that holds `nanos` in eight digits, rounding up when a coarser
 * unit is needed: a deadline sent late is safer than one that fires before the caller's.
 * Clients that always send milliseconds overflow eight digits past ~27.7 hours; this does not.
 */
export function grpcTimeoutFromNanos(nanos: bigint): GrpcTimeout {
  if (nanos < 0n) nanos = 0n;
  for (const unit of UNITS_FINEST_FIRST) {
    const per = BigInt(NANOS_PER_UNIT[unit]);
    const value = (nanos + per - 1n) / per;
    if (value <= BigInt(MAX_VALUE)) return { value: Number(value), unit };
  }
  return { value: MAX_VALUE, unit: "H" };
}

/** Formats a timeout given in (possibly fractional) milliseconds. Negative means already expired: `0n`. */
export function formatGrpcTimeoutMillis(ms: number): string {
  if (Number.isNaN(ms)) {
    throw new EncodeError("timeout is NaN", { protocol: "grpc", reason: "unencodable", offset: 0 });
  }
  if (ms === Number.POSITIVE_INFINITY) return formatGrpcTimeout({ value: MAX_VALUE, unit: "H" });
  const nanos = ms <= 0 ? 0n : BigInt(Math.ceil(ms * 1_000_000 - 1e-6));
  return formatGrpcTimeout(grpcTimeoutFromNanos(nanos));
}
