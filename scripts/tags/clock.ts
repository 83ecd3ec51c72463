// The build time: SOURCE_DATE_EPOCH (reproducible builds) when set, else the real clock.
import { ConfigError } from "../errors/errors.ts";

export function nowFromEnv(env: NodeJS.ProcessEnv, fallback: () => Date): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (!epoch) return fallback();
  if (!/^\d+$/.test(epoch))
    throw new ConfigError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got "${epoch}"`, {
      hint: "Set it with SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it.",
    });
  return new Date(Number(epoch) * 1000);
}
