// Splits an image reference the way Docker does: [registry/]name[:tag][@digest].

export interface ImageRef {
  registry: string | undefined;
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImageRef(reference: string): ImageRef {
  const at = reference.indexOf("@");
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const rest = at === -1 ? reference : reference.slice(0, at);
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  const tag = colon > slash ? rest.slice(colon + 1) : undefined;
  const path = colon > slash ? rest.slice(0, colon) : rest;
  const first = path.split("/")[0] ?? "";
  const hasRegistry = path.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return {
    registry: hasRegistry ? first : undefined,
    name: hasRegistry ? path.slice(first.length + 1) : path,
    tag,
    digest,
  };
}

/** `*.gcr.io` matches `eu.gcr.io`; anything else must match exactly. */
export function registryMatches(registry: string, pattern: string): boolean {
  if (pattern === registry) return true;
  if (!pattern.includes("*")) return false;
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return regex.test(registry);
}
