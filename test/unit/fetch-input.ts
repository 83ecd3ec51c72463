// fetch's first argument as a URL string, whichever of its three forms a caller used.
export function urlOf(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}
