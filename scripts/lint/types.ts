// Shared shapes of the linter: levels, findings, rule metadata and the resolved config.

/** hadolint's severities; "ignore" turns a rule off. */
export type Level = "error" | "warning" | "info" | "style" | "ignore";
export type ReportedLevel = Exclude<Level, "ignore">;
export type Threshold = Level | "none";

/** One problem at one place: what every reporter prints. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  code: string;
  level: ReportedLevel;
  message: string;
}

export type RuleFamily = "hadolint" | "policy" | "parser";

/** What a rule is, for the engine and for docs/lint-rules.md. */
export interface RuleMeta {
  code: string;
  level: Level;
  message: string;
  family: RuleFamily;
  /** One line: what it catches. */
  catches: string;
  why: string;
  fix: string;
  /** hadolint also checks the instruction inside ONBUILD. */
  onbuild?: boolean;
}

export type LabelFormat = "text" | "url" | "semver" | "hash" | "rfc3339" | "spdx" | "email";

export interface LintConfig {
  ignored: string[];
  override: Partial<Record<ReportedLevel, string[]>>;
  trustedRegistries: string[];
  labelSchema: Record<string, LabelFormat>;
  strictLabels: boolean;
  failureThreshold: Threshold;
  noFail: boolean;
  disableIgnorePragma: boolean;
  /** Policy: labels every production image must carry (empty: use labelSchema keys). */
  requiredLabels: string[];
  /** Policy: our own base images (globs); stages FROM them inherit init, HEALTHCHECK and user. */
  inheritFrom: string[];
  shellcheck: boolean;
}

export const defaultLintConfig: LintConfig = {
  ignored: [],
  override: {},
  trustedRegistries: [],
  labelSchema: {},
  strictLabels: false,
  failureThreshold: "info",
  noFail: false,
  disableIgnorePragma: false,
  requiredLabels: [],
  inheritFrom: [],
  shellcheck: true,
};

export const levelRank: Record<Threshold, number> = { error: 5, warning: 4, info: 3, style: 2, ignore: 1, none: 0 };
