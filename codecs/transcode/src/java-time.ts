import { type HessianValue, JavaObject } from "@tribridge/hessian2";

/**
 * java.util.Date and the java.time types. Date is a Hessian date (epoch ms). java.time
 * values travel as the "handle" objects of Dubbo's hessian-lite
 * (`com.alibaba.com.caucho.hessian.io.java8.*Handle`, HessianHandle + readResolve):
 * LocalDate {year, month, day}, LocalTime {hour, minute, second, nano},
 * LocalDateTime {date, time}, Instant {seconds, nanos}. JSON uses ISO-8601 text; Date and
 * Instant also accept epoch milliseconds.
 */

const HANDLE = "com.alibaba.com.caucho.hessian.io.java8.";

export const TIME_TYPES: ReadonlySet<string> = new Set([
  "java.util.Date",
  "java.time.Instant",
  "java.time.LocalDate",
  "java.time.LocalTime",
  "java.time.LocalDateTime",
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
  }
  return undefined;
}
