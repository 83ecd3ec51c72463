// `docker image inspect --format '{{json .Config}}'` → the fields metadata tests compare,
// and the $VAR expansion container-structure-test applies with the image's environment.

/** The engine's JSON, as it comes (null where Docker writes null). */
export interface DockerImageConfig {
  Env?: string[] | null;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
  Labels?: Record<string, string> | null;
  Healthcheck?: { Test?: string[] } | null;
}

export interface ImageConfig {
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  workdir: string;
  user: string;
  /** As the engine writes them: "8080/tcp". */
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
  hasHealthcheck: boolean;
}

export function parseImageConfig(json: string): ImageConfig {
  const raw = (JSON.parse(json) ?? {}) as DockerImageConfig;
  return {
    env: Object.fromEntries((raw.Env ?? []).map(splitEnv)),
    entrypoint: raw.Entrypoint ?? [],
    cmd: raw.Cmd ?? [],
    workdir: raw.WorkingDir ?? "",
    user: raw.User ?? "",
    exposedPorts: Object.keys(raw.ExposedPorts ?? {}),
    volumes: Object.keys(raw.Volumes ?? {}),
    labels: raw.Labels ?? {},
    hasHealthcheck: (raw.Healthcheck?.Test ?? []).length > 0 && raw.Healthcheck?.Test?.[0] !== "NONE",
  };
}

function splitEnv(entry: string): [string, string] {
  const at = entry.indexOf("=");
  return at < 0 ? [entry, ""] : [entry.slice(0, at), entry.slice(at + 1)];
}

/**
 * $NAME and ${NAME} → the image's value. Unlike Go's os.Expand, names the image does not
 * define are left as written, so a `sh -c 'echo $1'` argument survives.
 */
export function expandEnv(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, braced?: string, bare?: string) => {
      const name = braced ?? bare ?? "";
      return Object.hasOwn(env, name) ? (env[name] ?? "") : whole;
    },
  );
}
