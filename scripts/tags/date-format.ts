// {{date 'YYYYMMDD' tz='Asia/Tokyo'}} and {{commit_date …}} render with moment-timezone, the
// library metadata-action itself uses: every moment token (Do, MMM, Q, W, zz…) means the same,
// and letters moment does not know print as they are. It costs ~60 ms to load, so it is loaded
// the first time a date is rendered, not by every command.
import { createRequire } from "node:module";
import { ConfigError } from "../errors/errors.ts";

type MomentTimezone = typeof import("moment-timezone");

let loaded: MomentTimezone | undefined;

function momentTimezone(): MomentTimezone {
  loaded ??= createRequire(import.meta.url)("moment-timezone") as MomentTimezone;
  return loaded;
}

export function formatDate(date: Date, format: string, timeZone = "UTC"): string {
  const moment = momentTimezone();
  if (moment.tz.zone(timeZone) === null) {
    throw new ConfigError(`unknown time zone "${timeZone}" in a {{date}} template`, {
      hint: "Use an IANA zone name such as UTC or Europe/Paris.",
    });
  }
  return moment(date).tz(timeZone).format(format);
}
