// PEP 440 version parsing and normalisation (the parts type=pep440 needs), written from the spec.

export interface Pep440Version {
  epoch: number;
  release: number[];
  pre: { label: "a" | "b" | "rc"; number: number } | undefined;
  post: number | undefined;
  dev: number | undefined;
  local: string | undefined;
}

const versionPattern = new RegExp(
  "^\\s*v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)" +
    "(?:[-_.]?(alpha|beta|preview|pre|a|b|c|rc)[-_.]?(\\d+)?)?" +
    "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?" +
    "(?:[-_.]?(dev)[-_.]?(\\d+)?)?" +
    "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$",
  "i",
);

const preLabels: Record<string, "a" | "b" | "rc"> = {
  a: "a",
  alpha: "a",
  b: "b",
  beta: "b",
  c: "rc",
  rc: "rc",
  pre: "rc",
  preview: "rc",
};

export function parsePep440(input: string): Pep440Version | undefined {
  const m = versionPattern.exec(input);
  if (!m) return undefined;
  const num = (value: string | undefined): number => (value === undefined ? 0 : Number(value));
  const preLabel = m[3]?.toLowerCase();
  return {
    epoch: num(m[1]),
    release: (m[2] ?? "0").split(".").map(Number),
    pre: preLabel === undefined ? undefined : { label: preLabels[preLabel] ?? "rc", number: num(m[4]) },
    post: m[5] !== undefined ? Number(m[5]) : m[6] !== undefined ? num(m[7]) : undefined,
    dev: m[8] !== undefined ? num(m[9]) : undefined,
    local: m[10]?.toLowerCase().replace(/[-_]/g, "."),
  };
}

/** The normalised form: `v1.0-DEV4` → `1.0.dev4`, `1.1beta2` → `1.1b2`. */
export function cleanPep440(version: Pep440Version): string {
  let text = version.epoch > 0 ? `${version.epoch}!` : "";
  text += version.release.join(".");
  if (version.pre) text += `${version.pre.label}${version.pre.number}`;
  if (version.post !== undefined) text += `.post${version.post}`;
  if (version.dev !== undefined) text += `.dev${version.dev}`;
  if (version.local !== undefined) text += `+${version.local}`;
  return text;
}

/** Pre, post and dev releases do not get {{major}}-style tags or latest. */
export function isPep440Special(version: Pep440Version): boolean {
  return version.pre !== undefined || version.post !== undefined || version.dev !== undefined;
}

export function pep440Part(version: Pep440Version, index: number): number {
  return version.release[index] ?? 0;
}
