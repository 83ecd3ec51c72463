// moment.js-style date formatting for {{date 'YYYYMMDD' tz='Asia/Tokyo'}}, without moment:
// Intl gives the wall-clock fields in the zone, the tokens below cover what tags use.
import { ConfigError } from "../errors/errors.ts";

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
  offsetMinutes: number;
  epochMs: number;
}

const tokenPattern = /\[([^\]]*)\]|YYYY|YY|MM|M|DDDD|DD|D|dddd|ddd|d|HH|H|hh|h|mm|m|ss|s|SSS|SS|S|A|a|ZZ|Z|X|x/g;
const dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function formatDate(date: Date, format: string, timeZone = "UTC"): string {
  const clock = wallClock(date, timeZone);
  return format.replace(tokenPattern, (token, literal: string | undefined) => literal ?? formatToken(token, clock));
}

function formatToken(token: string, c: WallClock): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, "0");
  const hour12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
  const table: Record<string, () => string> = {
    YYYY: () => pad(c.year, 4),
    YY: () => pad(c.year % 100),
    MM: () => pad(c.month),
    M: () => String(c.month),
    DDDD: () => pad(dayOfYear(c), 3),
    DD: () => pad(c.day),
    D: () => String(c.day),
    dddd: () => dayNames[c.weekday] ?? "",
    ddd: () => (dayNames[c.weekday] ?? "").slice(0, 3),
    d: () => String(c.weekday),
    HH: () => pad(c.hour),
    H: () => String(c.hour),
    hh: () => pad(hour12),
    h: () => String(hour12),
    mm: () => pad(c.minute),
    m: () => String(c.minute),
    ss: () => pad(c.second),
    s: () => String(c.second),
    SSS: () => pad(c.millisecond, 3),
    SS: () => pad(Math.floor(c.millisecond / 10)),
    S: () => String(Math.floor(c.millisecond / 100)),
    A: () => (c.hour < 12 ? "AM" : "PM"),
    a: () => (c.hour < 12 ? "am" : "pm"),
    Z: () => offset(c.offsetMinutes, ":"),
    ZZ: () => offset(c.offsetMinutes, ""),
    X: () => String(Math.floor(c.epochMs / 1000)),
    x: () => String(c.epochMs),
  };
  return table[token]?.() ?? token;
}

function offset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${separator}${String(abs % 60).padStart(2, "0")}`;
}

function dayOfYear(c: WallClock): number {
  return Math.round((Date.UTC(c.year, c.month - 1, c.day) - Date.UTC(c.year, 0, 1)) / 86_400_000) + 1;
}

function wallClock(date: Date, timeZone: string): WallClock {
  const parts = zoneFormatter(timeZone).formatToParts(date);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? "0");
  const fields = { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute"), second: get("second") };
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const weekday = new Date(Date.UTC(fields.year, fields.month - 1, fields.day)).getUTCDay();
  return { ...fields, millisecond: date.getTime() - wholeSeconds, weekday, offsetMinutes: Math.round((asUtc - wholeSeconds) / 60_000), epochMs: date.getTime() };
}

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
  } catch {
    throw new ConfigError(`unknown time zone "${timeZone}" in a {{date}} template`, { hint: "Use an IANA zone name such as UTC or Europe/Paris." });
  }
}
