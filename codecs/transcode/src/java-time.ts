import { type HessianValue, JavaObject } from "@tribridge/hessian2";

/**
 * java.util.Date and the java.time types. Date is a Hessian date (epoch ms). java.time
 * values travel as the "handle" objects of Dubbo's hessian-lite
 * (`com.alibaba.com.caucho.hessian.io.java8.*Handle`, HessianHandle + readResolve):
 * LocalDate {year, month, day}, LocalTime {hour, minute, second, nano},
 * LocalDateTime {date, time}, Instant {seconds, nanos}, Duration {seconds, nanos},
 * ZonedDateTime {dateTime, offset: ZoneOffset {seconds}, zoneId}. JSON uses ISO-8601 text as
 * Java's toString prints it (Duration "PT-1.5S", ZonedDateTime "...+01:00[Europe/Paris]");
 * Date and Instant also accept epoch milliseconds. Checked against hessian-lite 4.0.4.
 */

const HANDLE = "com.alibaba.com.caucho.hessian.io.java8.";

export const TIME_TYPES: ReadonlySet<string> = new Set([
  "java.util.Date",
  "java.time.Instant",
  "java.time.LocalDate",
  "java.time.LocalTime",
  "java.time.LocalDateTime",
  "java.time.Duration",
  "java.time.ZonedDateTime",
]);

const DATE = /^(-?\d{4,9})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function localDate(text: string): JavaObject {
  const m = DATE.exec(text);
  if (m === null) throw new Error("is not an ISO-8601 date (yyyy-mm-dd)");
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) throw new Error("is not a valid date");
  return new JavaObject(`${HANDLE}LocalDateHandle`, ["year", "month", "day"], [y, mo, d]);
}

function localTime(text: string): JavaObject {
  const m = TIME.exec(text);
  if (m === null) throw new Error("is not an ISO-8601 time (hh:mm[:ss[.fraction]])");
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  const nano = Number((m[4] ?? "").padEnd(9, "0"));
  if (h > 23 || mi > 59 || s > 59) throw new Error("is not a valid time");
  return new JavaObject(`${HANDLE}LocalTimeHandle`, ["hour", "minute", "second", "nano"], [h, mi, s, nano]);
}

// ISO instant with zone (Z or ±hh:mm); fraction up to nanoseconds kept exactly.
const INSTANT = /^([+-]?\d{4,6}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

function instantParts(text: string): [bigint, number] {
  const m = INSTANT.exec(text);
  if (m === null) throw new Error("is not an ISO-8601 instant with zone");
  const whole = Date.parse(`${m[1]}T${m[2]}${m[4]?.toUpperCase()}`);
  if (Number.isNaN(whole)) throw new Error("is not a valid instant");
  const nanos = Number((m[3] ?? "").padEnd(9, "0"));
  return [BigInt(Math.floor(whole / 1000)), nanos];
}

const NANOS = 1_000_000_000n;
const LONG_MAX = (1n << 63n) - 1n;

// Duration.parse's grammar: [-+]P[nD][T[nH][nM][n[.f]S]], each number signed.
const DURATION =
  /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?)(\d+)(?:[.,](\d{0,9}))?S)?)?$/i;

function duration(text: string): JavaObject {
  const m = DURATION.exec(text);
  if (m === null || text.toUpperCase().endsWith("T") || (m[2] ?? m[3] ?? m[4] ?? m[6]) === undefined) {
    throw new Error("is not an ISO-8601 duration (PnDTnHnMn.nS)");
  }
  const big = (x: string | undefined): bigint => BigInt(x ?? "0");
  const secSign = m[5] === "-" ? -1n : 1n;
  let total =
    (big(m[2]) * 86400n + big(m[3]) * 3600n + big(m[4]) * 60n) * NANOS +
    secSign * (big(m[6]) * NANOS + big((m[7] ?? "").padEnd(9, "0")));
  if (m[1] === "-") total = -total;
  let seconds = total / NANOS;
  let nanos = total % NANOS;
  if (nanos < 0n) {
    nanos += NANOS;
    seconds -= 1n;
  }
  if (seconds > LONG_MAX || seconds < -LONG_MAX - 1n) throw new Error("is out of Duration's range");
  return new JavaObject(`${HANDLE}DurationHandle`, ["seconds", "nanos"], [seconds, Number(nanos)]);
}

function durationText(seconds: bigint, nanos: number): string {
  // java.time.Duration.toString, step by step.
  if (seconds === 0n && nanos === 0) return "PT0S";
  const eff = seconds < 0n && nanos > 0 ? seconds + 1n : seconds;
  const hours = eff / 3600n;
  const minutes = (eff % 3600n) / 60n;
  const secs = eff % 60n;
  let out = "PT";
  if (hours !== 0n) out += `${hours}H`;
  if (minutes !== 0n) out += `${minutes}M`;
  if (secs === 0n && nanos === 0 && out.length > 2) return out;
  out += seconds < 0n && nanos > 0 && secs === 0n ? "-0" : `${secs}`;
  if (nanos > 0) {
    const digits = String(seconds < 0n ? 2 * 1e9 - nanos : nanos + 1e9).replace(/0+$/, "");
    out += `.${digits.slice(1)}`;
  }
  return `${out}S`;
}

// ISO zoned date-time: local date-time, offset, optional [region] (as ZonedDateTime prints it).
const ZONED = /^(.+?)(Z|[+-]\d{2}:\d{2}(?::\d{2})?)(?:\[([^\]]+)\])?$/i;

function offsetSeconds(text: string): number {
  if (text.toUpperCase() === "Z") return 0;
  const [h, m, s] = text.slice(1).split(":").map(Number);
  const abs = (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
  if ((h ?? 0) > 18 || (m ?? 0) > 59 || (s ?? 0) > 59 || abs > 18 * 3600) throw new Error("has an invalid offset");
  return text.startsWith("-") ? -abs : abs;
}

function offsetText(seconds: number): string {
  if (seconds === 0) return "Z";
  const abs = Math.abs(seconds);
  const s = abs % 60;
  return `${seconds < 0 ? "-" : "+"}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${s === 0 ? "" : `:${pad(s)}`}`;
}

function zoned(text: string): JavaObject {
  const m = ZONED.exec(text);
  const t = m?.[1]?.indexOf("T") ?? -1;
  if (m === null || t < 0)
    throw new Error("is not an ISO-8601 zoned date-time (yyyy-mm-ddThh:mm[:ss[.f]]±hh:mm[[zone]])");
  const local = m[1] as string;
  const offset = offsetSeconds(m[2] as string);
  const dateTime = new JavaObject(
    `${HANDLE}LocalDateTimeHandle`,
    ["date", "time"],
    [localDate(local.slice(0, t)), localTime(local.slice(t + 1))],
  );
  return new JavaObject(
    `${HANDLE}ZonedDateTimeHandle`,
    ["dateTime", "offset", "zoneId"],
    [dateTime, new JavaObject(`${HANDLE}ZoneOffsetHandle`, ["seconds"], [offset]), m[3] ?? offsetText(offset)],
  );
}

export function timeFromJson(type: string, v: unknown): HessianValue {
  switch (type) {
    case "java.util.Date": {
      if (typeof v === "number" && Number.isSafeInteger(v)) return new Date(v);
      if (typeof v === "string") {
        const [s, n] = instantParts(v);
        return new Date(Number(s) * 1000 + Math.floor(n / 1e6));
      }
      throw new Error("is not an ISO-8601 instant or epoch milliseconds");
    }
    case "java.time.Instant": {
      if (typeof v === "number" && Number.isSafeInteger(v)) {
        const s = Math.floor(v / 1000);
        return new JavaObject(`${HANDLE}InstantHandle`, ["seconds", "nanos"], [BigInt(s), (v - s * 1000) * 1e6]);
      }
      if (typeof v !== "string") throw new Error("is not an ISO-8601 instant or epoch milliseconds");
      const [s, n] = instantParts(v);
      return new JavaObject(`${HANDLE}InstantHandle`, ["seconds", "nanos"], [s, n]);
    }
    case "java.time.LocalDate":
      if (typeof v !== "string") throw new Error("is not an ISO-8601 date");
      return localDate(v);
    case "java.time.LocalTime":
      if (typeof v !== "string") throw new Error("is not an ISO-8601 time");
      return localTime(v);
    case "java.time.Duration":
      if (typeof v !== "string") throw new Error("is not an ISO-8601 duration");
      return duration(v);
    case "java.time.ZonedDateTime":
      if (typeof v !== "string") throw new Error("is not an ISO-8601 zoned date-time");
      return zoned(v);
    default: {
      if (typeof v !== "string") throw new Error("is not an ISO-8601 local date-time");
      const t = v.indexOf("T");
      if (t < 0) throw new Error("is not an ISO-8601 local date-time (yyyy-mm-ddThh:mm[:ss[.f]])");
      return new JavaObject(
        `${HANDLE}LocalDateTimeHandle`,
        ["date", "time"],
        [localDate(v.slice(0, t)), localTime(v.slice(t + 1))],
      );
    }
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

function fraction(nano: number): string {
  if (nano === 0) return "";
  // Java prints 3, 6 or 9 digits; so do we, so that text survives a round trip unchanged.
  const nine = pad(nano, 9);
  return `.${nine.endsWith("000000") ? nine.slice(0, 3) : nine.endsWith("000") ? nine.slice(0, 6) : nine}`;
}

/** A java.time handle object back to ISO text; undefined when `o` is not one. */
export function timeToJson(o: JavaObject): string | undefined {
  if (!o.className.startsWith(HANDLE)) return undefined;
  const n = (k: string): number => Number(o.get(k) ?? 0);
  switch (o.className.slice(HANDLE.length)) {
    case "LocalDateHandle":
      return `${pad(n("year"), 4)}-${pad(n("month"))}-${pad(n("day"))}`;
    case "LocalTimeHandle":
      return `${pad(n("hour"))}:${pad(n("minute"))}:${pad(n("second"))}${fraction(n("nano"))}`;
    case "LocalDateTimeHandle": {
      const d = o.get("date");
      const t = o.get("time");
      if (!(d instanceof JavaObject) || !(t instanceof JavaObject)) return undefined;
      return `${timeToJson(d)}T${timeToJson(t)}`;
    }
    case "InstantHandle": {
      const ms = Number(o.get("seconds") ?? 0n) * 1000;
      const iso = new Date(ms).toISOString().slice(0, 19);
      return `${iso}${fraction(n("nanos"))}Z`;
    }
    case "DurationHandle":
      return durationText(BigInt(o.get("seconds") as bigint | number), n("nanos"));
    case "ZoneOffsetHandle":
      return offsetText(n("seconds"));
    case "ZonedDateTimeHandle": {
      const dt = o.get("dateTime");
      const off = o.get("offset");
      const zone = o.get("zoneId");
      if (!(dt instanceof JavaObject) || !(off instanceof JavaObject)) return undefined;
      const offset = timeToJson(off);
      const local = timeToJson(dt);
      if (offset === undefined || local === undefined) return undefined;
      // Like ZonedDateTime.toString: the region only when the zone is not the offset itself.
      return typeof zone === "string" && zone !== offset ? `${local}${offset}[${zone}]` : `${local}${offset}`;
    }
  }
  return undefined;
}
