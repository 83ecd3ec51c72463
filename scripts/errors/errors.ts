// Typed errors, mapped to a message and an exit code once, in scripts/cli.ts.
// Every message says what went wrong and what to do next. Release and registry errors: release.ts.

export type ErrorKind = "usage" | "config" | "command" | "engine" | "lint" | "build" | "smoke" | "release";

export class ImagesError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(kind: ErrorKind, message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = "ImagesError";
    this.kind = kind;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? (kind === "usage" ? 2 : 1);
  }
}

/** Wrong flags, unknown command or target, missing path. Exit 2. */
export class UsageError extends ImagesError {
  constructor(message: string, hint?: string) {
    super("usage", message, hint === undefined ? {} : { hint });
    this.name = "UsageError";
  }
}

/** A config, bake or spec file that cannot be used as written. */
export class ConfigError extends ImagesError {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, where: { file?: string; line?: number; hint?: string } = {}) {
    super("config", message, where.hint === undefined ? {} : { hint: where.hint });
    this.name = "ConfigError";
    this.file = where.file;
    this.line = where.line;
  }
}

/** The Docker engine (or another required tool) is not there. */
export class EngineError extends ImagesError {
  constructor(
    message: string,
    hint = "Run `pnpm images doctor` to see what is missing, or `pnpm images doctor --fix` to install and start it.",
  ) {
    super("engine", message, { hint });
    this.name = "EngineError";
  }
}

/** A spawned process failed: carries its argv, exit code and the tail of stderr. */
export class CommandError extends ImagesError {
  readonly argv: readonly string[];
  readonly code: number | null;
  readonly stderrTail: string;

  constructor(argv: readonly string[], code: number | null, stderr: string, hint?: string) {
    const tail = tailLines(stderr, 12);
    super(
      "command",
      `\`${argv.join(" ")}\` exited with ${code ?? "a signal"}${tail ? `:\n${tail}` : ""}`,
      hint === undefined ? {} : { hint },
    );
    this.name = "CommandError";
    this.argv = argv;
    this.code = code;
    this.stderrTail = tail;
  }
}

export function tailLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

/** One line (plus an optional hint line) for a human; never a stack trace. */
export function formatError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof ConfigError) {
    const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ""}: ` : "";
    return { message: withHint(`error: ${where}${error.message}`, error.hint), exitCode: error.exitCode };
  }
  if (error instanceof ImagesError) {
    return { message: withHint(`error: ${error.message}`, error.hint), exitCode: error.exitCode };
  }
  const text = error instanceof Error ? error.message : String(error);
  return {
    message:
      `error: unexpected failure: ${text}\n  If this keeps ` +
      `happening, rerun with IMAGES_DEBUG=1 and report the stack ` +
      `trace.`,
    exitCode: 1,
  };
}

function withHint(message: string, hint: string | undefined): string {
  return hint ? `${message}\n  hint: ${hint}` : message;
}

export interface MissingInput {
  target: string;
  what: "Dockerfile" | "build context";
  path: string;
}

/** A bake target names a Dockerfile or build context that is not on disk. */
export class MissingInputError extends ConfigError {
  readonly target: string;
  readonly path: string;

  constructor(problems: readonly MissingInput[], bakeFile?: string) {
    const first: MissingInput = problems[0] ?? { target: "?", what: "Dockerfile", path: "?" };
    const message = problems.map((p) => `target "${p.target}": ${p.what} ${p.path} does not exist`).join("; ");
    const hint =
      "Fix `dockerfile` or `context` of that target in the bake file (a Dockerfile path is relative to its context).";
    super(message, { ...(bakeFile ? { file: bakeFile } : {}), hint });
    this.name = "MissingInputError";
    this.target = first.target;
    this.path = first.path;
  }
}

/** Ctrl-C or SIGTERM: whatever was running was stopped and cleaned up. Exit 130, as a shell reports SIGINT. */
export class InterruptedError extends ImagesError {
  constructor(message = "interrupted: running containers and builds were stopped and removed") {
    super("command", message, { exitCode: 130 });
    this.name = "InterruptedError";
  }
}

/** Thrown by a retried step to stop retrying at once (a 4xx answer will not get better). */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentError";
  }
}

/** One image the stack needs and does not have: what is wrong, and the command that makes it, when one does. */
export interface MissingImage {
  service: string;
  image: string;
  problem: string;
  command?: string;
}

/** `stack test` cannot get every image it needs; nothing was started. */
export class MissingImagesError extends ImagesError {
  readonly images: readonly MissingImage[];

  constructor(images: readonly MissingImage[], setupOff: boolean) {
    const lines = images.map((i) => `  ${i.service}: ${i.image ? `${i.image} ` : ""}${i.problem}`);
    // Several agents share one stand-in: each command once.
    const commands = [...new Set(images.flatMap((i) => (i.command ? [i.command] : [])))];
    if (commands.length) lines.push("  the commands that make them:", ...commands.map((command) => `    ${command}`));
    const count = `${images.length} image${images.length === 1 ? "" : "s"}`;
    const hint = setupOff
      ? "Run the commands above, or rerun without --no-setup (and IMAGES_NO_SETUP unset) so `stack test` makes them."
      : "Build or pull those images where they can be made, or point the services at images that exist " +
        "(--override FILE, or the variables in .env; bake reads REGISTRY and VERSION from the environment).";
    super("build", `the stack cannot start, ${count} missing; nothing was started:\n${lines.join("\n")}`, { hint });
    this.name = "MissingImagesError";
    this.images = images;
  }
}
