// Data shared by the doctor stages: raw probe output in, findings and fix steps out.

export type PartName =
  | "docker engine"
  | "buildx"
  | "containerd store"
  | "compose"
  | "registry"
  | "shellcheck"
  | "debootstrap"
  | "qemu arm64";

/** What one probe command printed; undefined when the program is not installed. */
export interface CommandProbe {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RegistryProbe {
  answering: boolean;
  /** HTTP status of GET /v2/, or the network error when nothing answered. */
  status?: number;
  apiVersion?: string;
  error?: string;
}

export interface BinfmtProbe {
  /** /proc/sys/fs/binfmt_misc is mounted (its `register` file exists). */
  mounted: boolean;
  /** Content of /proc/sys/fs/binfmt_misc/qemu-aarch64, when registered. */
  aarch64: string | undefined;
  /** /usr/lib/binfmt.d/qemu-aarch64.conf from qemu-user-static exists. */
  confInstalled: boolean;
}

/** Everything the pure checks and the fix planner look at. Gathered by probe.ts. */
export interface Probes {
  osRelease: string | undefined;
  engine: CommandProbe | undefined;
  dockerdInstalled: boolean;
  buildx: CommandProbe | undefined;
  driverStatus: CommandProbe | undefined;
  compose: CommandProbe | undefined;
  registry: RegistryProbe;
  registryInstalled: boolean;
  shellcheck: CommandProbe | undefined;
  debootstrap: CommandProbe | undefined;
  binfmt: BinfmtProbe;
  daemonJson: string | undefined;
  trixieSource: boolean;
  trixiePin: boolean;
  debianKeyring: boolean;
}

export interface Finding {
  part: PartName;
  ok: boolean;
  /** Required parts fail doctor; optional ones only warn. */
  required: boolean;
  version?: string;
  problem?: string;
  /** The exact manual fix, shown next to a failing part. */
  fix?: string;
  /** apt packages (with /trixie where needed) that --fix installs for this part. */
  packages: string[];
}

export type FixStep =
  | { kind: "write-file"; part: PartName; why: string; path: string; content: string; privileged: boolean }
  | { kind: "copy-file"; part: PartName; why: string; from: string; to: string; privileged: boolean }
  | { kind: "mkdir"; part: PartName; why: string; path: string }
  | { kind: "run"; part: PartName; why: string; argv: string[] }
  | { kind: "note"; part: PartName; why: string }
  | { kind: "wait"; part: PartName; why: string; until: "engine" | "registry"; timeoutMs: number };

/** Where --fix writes things and which prefix grants root. */
export interface FixEnvironment {
  /** <workspace>/.cache: registry config, data, logs and pid files live here. */
  cacheDir: string;
  /** [] when already root, ["sudo", "-n"] otherwise. */
  privilege: string[];
  registryAddress: string;
}
