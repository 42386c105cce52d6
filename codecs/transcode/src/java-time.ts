import { type HessianValue, JavaObject } from "@tribridge/hessian2";

/**
 * java.util.Date and the java.time types. Date is a Hessian date (epoch ms). java.time
 * values travel as the "handle" objects of Dubbo's hessian-lite
 * (`com.alibaba.com.caucho.hessian.io.java8.*Handle`, HessianHandle + readResolve):
 * LocalDate {year, month, day}, LocalTime {hour, minute, second, nano},
 * LocalDateTime {date, time}, Instant {seconds, nanos}, Duration {seconds, nanos},
 * ZonedDateTime {dateTime, offset: ZoneOffset {seconds}, zoneId}, OffsetDateTime {dateTime,
 * offset}, OffsetTime {localTime, zoneOffset}, Period {years, months, days}, Year {year},
 * YearMonth {year, month}, MonthDay {month, day}, ZoneId {zoneId} (a region; a ZoneOffset
 * is its own handle). JSON uses ISO-8601 text as Java's toString prints it (Duration
 * "PT-1.5S", ZonedDateTime "...+01:00[Europe/Paris]", MonthDay "--02-29"); Date and Instant
 * also accept epoch milliseconds, Year is a number. Checked against hessian-lite 4.0.4.
 *
 * Handle fields are listed in the order hessian-lite writes them (not their declaration
 * order), so that our bytes are Java's; Java itself reads them by name.
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
  "java.time.OffsetDateTime",
  "java.time.OffsetTime",
  "java.time.Period",
  "java.time.Year",
  "java.time.YearMonth",
  "java.time.MonthDay",
  "java.time.ZoneId",
  "java.time.ZoneOffset",
]);

const handle = (name: string, fields: string[], values: HessianValue[]): JavaObject =>
  new JavaObject(HANDLE + name, fields, values);

// Year.MIN_VALUE..MAX_VALUE, the range of every java.time year.
const YEAR_MAX = 999_999_999;
const YEAR = "([+-]?\\d{4,9})";
const DATE = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})$`);
const YEAR_MONTH = new RegExp(`^${YEAR}-(\\d{2})$`);
const MONTH_DAY = /^--(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function daysIn(month: number, leap: boolean): number {
  return month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

function localDate(text: string): JavaObject {
  const m = DATE.exec(text);
  if (m === null) throw new Error("is not an ISO-8601 date (yyyy-mm-dd)");
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Checked here rather than left to Java's readResolve, whose DateTimeException would come back as a server error.
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, isLeap(y))) throw new Error("is not a valid date");
  return handle("LocalDateHandle", ["day", "month", "year"], [d, mo, y]);
}

function localTime(text: string): JavaObject {
  const m = TIME.exec(text);
  if (m === null) throw new Error("is not an ISO-8601 time (hh:mm[:ss[.fraction]])");
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  const nano = Number((m[4] ?? "").padEnd(9, "0"));
  if (h > 23 || mi > 59 || s > 59) throw new Error("is not a valid time");
  return handle("LocalTimeHandle", ["nano", "second", "minute", "hour"], [nano, s, mi, h]);
}

function localDateTime(text: string): JavaObject {
  const t = text.indexOf("T");
  if (t < 0) throw new Error("is not an ISO-8601 local date-time (yyyy-mm-ddThh:mm[:ss[.f]])");
  return handle("LocalDateTimeHandle", ["time", "date"], [localTime(text.slice(t + 1)), localDate(text.slice(0, t))]);
}

function yearMonth(text: string): JavaObject {
  const m = YEAR_MONTH.exec(text);
  const mo = Number(m?.[2]);
  if (m === null || mo < 1 || mo > 12) throw new Error("is not an ISO-8601 year-month (yyyy-mm)");
  return handle("YearMonthHandle", ["month", "year"], [mo, Number(m[1])]);
}

function monthDay(text: string): JavaObject {
  const m = MONTH_DAY.exec(text);
  const [mo, d] = [Number(m?.[1]), Number(m?.[2])];
  // February 29 is a valid MonthDay: it exists in some year.
  if (m === null || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, true))
    throw new Error("is not an ISO-8601 month-day (--mm-dd)");
  return handle("MonthDayHandle", ["day", "month"], [d, mo]);
}

function year(v: unknown): JavaObject {
  const y = typeof v === "string" && /^\s*[+-]?\d{1,9}\s*$/.test(v) ? Number(v) : v;
  if (typeof y !== "number" || !Number.isInteger(y) || Math.abs(y) > YEAR_MAX)
    throw new Error("is not a year (an integer of at most 9 digits)");
  return handle("YearHandle", ["year"], [y === 0 ? 0 : y]);
}

// Period.parse's grammar: [-+]P[nY][nM][nW][nD], each number signed, weeks counted as 7 days.
const PERIOD = /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?$/i;
const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

function period(text: string): JavaObject {
  const m = PERIOD.exec(text);
  if (m === null || (m[2] ?? m[3] ?? m[4] ?? m[5]) === undefined)
    throw new Error("is not an ISO-8601 period (PnYnMnWnD)");
  const neg = m[1] === "-" ? -1 : 1;
  const int = (x: string | undefined, times = 1): number => {
    // Java computes in int and refuses any overflow (Math.multiplyExact/addExact).
    const n = x === undefined ? 0 : Number(x.length > 12 ? Number.NaN : x) * times * neg;
    if (!(n >= INT_MIN && n <= INT_MAX)) throw new Error("is out of Period's range");
    return n === 0 ? 0 : n;
  };
  const days = int(m[4], 7) + int(m[5]);
  if (days < INT_MIN || days > INT_MAX) throw new Error("is out of Period's range");
  return handle("PeriodHandle", ["days", "months", "years"], [days, int(m[3]), int(m[2])]);
}

function periodText(years: number, months: number, days: number): string {
  if (years === 0 && months === 0 && days === 0) return "P0D";
  return `P${years !== 0 ? `${years}Y` : ""}${months !== 0 ? `${months}M` : ""}${days !== 0 ? `${days}D` : ""}`;
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
  return handle("DurationHandle", ["nanos", "seconds"], [Number(nanos), seconds]);
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

// ZoneOffset.of's forms: Z, ±h, ±hh, ±hh:mm, ±hh:mm:ss, ±hhmm, ±hhmmss.
const OFFSET = /^[+-](?:(\d{1,2})|(\d{2}):(\d{2})(?::(\d{2}))?|(\d{2})(\d{2})(\d{2})?)$/;
const OFFSET_MAX = 18 * 3600;

function offsetSeconds(text: string): number {
  if (text === "Z" || text === "z") return 0;
  const m = OFFSET.exec(text);
  if (m === null) throw new Error("has an invalid offset (Z or ±hh:mm[:ss])");
  const [h, mi, s] = [Number(m[1] ?? m[2] ?? m[5]), Number(m[3] ?? m[6] ?? 0), Number(m[4] ?? m[7] ?? 0)];
  const abs = h * 3600 + mi * 60 + s;
  if (h > 18 || mi > 59 || s > 59 || abs > OFFSET_MAX) throw new Error("has an invalid offset");
  return text.startsWith("-") ? -abs : abs;
}

function offsetText(seconds: number): string {
  if (seconds === 0) return "Z";
  const abs = Math.abs(seconds);
  const s = abs % 60;
  return `${seconds < 0 ? "-" : "+"}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs / 60) % 60)}${s === 0 ? "" : `:${pad(s)}`}`;
}

const zoneOffset = (text: string): JavaObject => handle("ZoneOffsetHandle", ["seconds"], [offsetSeconds(text)]);

// What ZoneId.of accepts: an offset, a region id (a letter, then [A-Za-z0-9~/._+-]), or UTC/GMT/UT plus an offset.
const ZONE_ID = /^(?:[A-Za-z][A-Za-z0-9~/._+-]*|(?:UTC|GMT|UT)?[+-][\d:]+)$/;

function zoneId(text: string): JavaObject {
  if (!ZONE_ID.test(text) || text.length > 100)
    throw new Error("is not a zone id (a region such as Europe/Paris, or an offset)");
  // A region's rules are only known to the Java side: an unknown region comes back as its ZoneRulesException.
  return handle("ZoneIdHandle", ["zoneId"], [text]);
}

// Date-time or time, then an offset (Z or ±hh:mm[:ss]), then for ZonedDateTime an optional [region].
const WITH_OFFSET = /^(.+?)(Z|[+-]\d{2}:\d{2}(?::\d{2})?)(\[[^\]]+\])?$/i;

function splitOffset(text: string, region: boolean, what: string): [string, number, string | undefined] {
  const m = WITH_OFFSET.exec(text);
  if (m === null || (!region && m[3] !== undefined)) throw new Error(`is not an ISO-8601 ${what}`);
  return [m[1] as string, offsetSeconds(m[2] as string), m[3]?.slice(1, -1)];
}

function zoned(text: string): JavaObject {
  const what = "zoned date-time (yyyy-mm-ddThh:mm[:ss[.f]]±hh:mm[[zone]])";
  const [local, offset, region] = splitOffset(text, true, what);
  if (!local.includes("T")) throw new Error(`is not an ISO-8601 ${what}`);
  return handle(
    "ZonedDateTimeHandle",
    ["offset", "dateTime", "zoneId"],
    [handle("ZoneOffsetHandle", ["seconds"], [offset]), localDateTime(local), region ?? offsetText(offset)],
  );
}

function offsetDateTime(text: string): JavaObject {
  const what = "offset date-time (yyyy-mm-ddThh:mm[:ss[.f]]±hh:mm)";
  const [local, offset] = splitOffset(text, false, what);
  if (!local.includes("T")) throw new Error(`is not an ISO-8601 ${what}`);
  return handle(
    "OffsetDateTimeHandle",
    ["offset", "dateTime"],
    [handle("ZoneOffsetHandle", ["seconds"], [offset]), localDateTime(local)],
  );
}

function offsetTime(text: string): JavaObject {
  const [local, offset] = splitOffset(text, false, "offset time (hh:mm[:ss[.f]]±hh:mm)");
  return handle(
    "OffsetTimeHandle",
    ["zoneOffset", "localTime"],
    [handle("ZoneOffsetHandle", ["seconds"], [offset]), localTime(local)],
  );
}

const TEXT_PARSERS: ReadonlyMap<string, (text: string) => JavaObject> = new Map([
  ["java.time.LocalDate", localDate],
  ["java.time.LocalTime", localTime],
  ["java.time.LocalDateTime", localDateTime],
  ["java.time.Duration", duration],
  ["java.time.ZonedDateTime", zoned],
  ["java.time.OffsetDateTime", offsetDateTime],
  ["java.time.OffsetTime", offsetTime],
  ["java.time.Period", period],
  ["java.time.YearMonth", yearMonth],
  ["java.time.MonthDay", monthDay],
  ["java.time.ZoneId", zoneId],
  ["java.time.ZoneOffset", zoneOffset],
]);

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
        return handle("InstantHandle", ["nanos", "seconds"], [(v - s * 1000) * 1e6, BigInt(s)]);
      }
      if (typeof v !== "string") throw new Error("is not an ISO-8601 instant or epoch milliseconds");
      const [s, n] = instantParts(v);
      return handle("InstantHandle", ["nanos", "seconds"], [n, s]);
    }
    case "java.time.Year":
      return year(v);
  }
  const parse = TEXT_PARSERS.get(type);
  if (parse === undefined) throw new Error("is not a supported java.time type");
  if (typeof v !== "string") throw new Error("is not ISO-8601 text");
  return parse(v);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

function fraction(nano: number): string {
  if (nano === 0) return "";
  // Java prints 3, 6 or 9 digits; so do we, so that text survives a round trip unchanged.
  const nine = pad(nano, 9);
  return `.${nine.endsWith("000000") ? nine.slice(0, 3) : nine.endsWith("000") ? nine.slice(0, 6) : nine}`;
}

// As LocalDate and YearMonth print a year: at least 4 digits, "-" when negative; LocalDate
// adds "+" beyond 9999 (ISO-8601's expanded form), YearMonth.toString does not.
function yearText(y: number, plus: boolean): string {
  const abs = Math.abs(y);
  return abs < 1000 ? `${y < 0 ? "-" : ""}${pad(abs, 4)}` : `${plus && y > 9999 ? "+" : ""}${y}`;
}

/** A java.time handle object back to JSON (ISO text; a Year as a number); undefined when `o` is not one. */
export function timeToJson(o: JavaObject): string | number | undefined {
  if (!o.className.startsWith(HANDLE)) return undefined;
  const n = (k: string): number => Number(o.get(k) ?? 0);
  const sub = (k: string): string | number | undefined => {
    const x = o.get(k);
    return x instanceof JavaObject ? timeToJson(x) : undefined;
  };
  switch (o.className.slice(HANDLE.length)) {
    case "LocalDateHandle":
      return `${yearText(n("year"), true)}-${pad(n("month"))}-${pad(n("day"))}`;
    case "LocalTimeHandle":
      return `${pad(n("hour"))}:${pad(n("minute"))}:${pad(n("second"))}${fraction(n("nano"))}`;
    case "LocalDateTimeHandle": {
      const [d, t] = [sub("date"), sub("time")];
      return d === undefined || t === undefined ? undefined : `${d}T${t}`;
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
    case "ZoneIdHandle": {
      const id = o.get("zoneId");
      return typeof id === "string" ? id : undefined;
    }
    case "ZonedDateTimeHandle": {
      const [local, offset, zone] = [sub("dateTime"), sub("offset"), o.get("zoneId")];
      if (offset === undefined || local === undefined) return undefined;
      // Like ZonedDateTime.toString: the region only when the zone is not the offset itself.
      return typeof zone === "string" && zone !== offset ? `${local}${offset}[${zone}]` : `${local}${offset}`;
    }
    case "OffsetDateTimeHandle": {
      const [local, offset] = [sub("dateTime"), sub("offset")];
      return local === undefined || offset === undefined ? undefined : `${local}${offset}`;
    }
    case "OffsetTimeHandle": {
      const [local, offset] = [sub("localTime"), sub("zoneOffset")];
      return local === undefined || offset === undefined ? undefined : `${local}${offset}`;
    }
    case "PeriodHandle":
      return periodText(n("years"), n("months"), n("days"));
    case "YearHandle":
      return n("year");
    case "YearMonthHandle":
      return `${yearText(n("year"), false)}-${pad(n("month"))}`;
    case "MonthDayHandle":
      return `--${pad(n("month"))}-${pad(n("day"))}`;
  }
  return undefined;
}
