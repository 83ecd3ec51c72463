// Lint bench: Dockerfiles per second in one process (ShellCheck off), the CLI wall time for the
// whole workspace, and the two scale inputs (min / median / max of 3 runs, BENCH_ROUNDS changes it).
// Run: npx tsx bench/lint.bench.ts
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { exec } from "../scripts/process/exec.ts";
import { findDockerfiles } from "../scripts/lint/discover.ts";
import { lintSource } from "../scripts/lint/engine.ts";
import { defaultLintConfig } from "../scripts/lint/types.ts";
import { largeDockerfile, serviceDockerfile } from "../test/integration/lint-scale-inputs.ts";
import { interleaved, spreadOf } from "./stats.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Varied, realistic Dockerfiles: stages, package managers, heredocs, labels, ONBUILD. */
function generated(count: number): string[] {
  const bases = [
    "debian:bookworm-slim",
    "python:3.12-slim",
    "node:20-alpine",
    "golang:1.22",
    "ubuntu",
    "alpine:latest",
  ];
  const runs = [
    "RUN apt-get update && apt-get install -y " +
      "--no-install-recommends curl=7.88 ca-certificates \\\n    " +
      "&& rm -rf /var/lib/apt/lists/*",
    "RUN pip install --no-cache-dir flask==3.0.0 requests",
    "RUN apk add --no-cache git=2.43.0-r0 openssh",
    "RUN npm ci && npm cache clean --force",
    "RUN cd /src && make -j4 | tee build.log",
    "RUN <<EOF\nset -e\nuseradd -u 10001 app\nmkdir -p /app\nEOF",
    "RUN if [ -f x ]; then echo $(id -u); fi && wget -q https://example.com/x.tgz",
  ];
  return Array.from({ length: count }, (_, i) => {
    const pick = <T>(list: T[], k: number): T => list[(i * 7 + k) % list.length] as T;
    return [
      `# generated ${i}`,
      `FROM ${pick(bases, 0)} AS build`,
      "WORKDIR /src",
      "COPY . .",
      pick(runs, 1),
      pick(runs, 2),
      `FROM ${pick(bases, 3)}`,
      `LABEL org.opencontainers.image.title="t${i}" org.opencontainers.image.version="1.${i}.0"`,
      "ENV A=1 B=2",
      pick(runs, 4),
      "COPY --from=build /src/out /app/",
      i % 3 === 0 ? "ONBUILD RUN pip install x" : "USER 10001",
      'HEALTHCHECK CMD ["/app/health"]',
      'ENTRYPOINT ["tini", "--"]',
      i % 2 === 0 ? 'CMD ["/app/run"]' : "CMD /app/run",
    ].join("\n");
  });
}

const workspace = findDockerfiles(root).map((file) => ({ file, text: readFileSync(file, "utf8") }));
const corpus = [
  ...generated(Math.max(200, 400 - workspace.length)).map((text, i) => ({ file: `gen-${i}`, text })),
  ...workspace,
];
const config = { ...defaultLintConfig, shellcheck: false };

for (const item of corpus) lintSource(item.file, item.text, config); // warm up the JIT
const rounds = 5;
const start = performance.now();
let findings = 0;
for (let round = 0; round < rounds; round += 1)
  for (const item of corpus) findings += lintSource(item.file, item.text, config).findings.length;
const seconds = (performance.now() - start) / 1000;
const perSecond = Math.round((corpus.length * rounds) / seconds);
console.log(
  `lint in-process: ${corpus.length} Dockerfiles ` +
    `(${workspace.length} from the workspace) × ${rounds} ` +
    `rounds, ${findings / rounds} findings/round`,
);
const verdict = perSecond >= 2000 ? "OK" : "BELOW TARGET";
console.log(`lint in-process: ${perSecond} Dockerfiles/s (target ≥ 2000) ${verdict}`);

const cli = ["node", join(root, "bin", "images.cjs")];
for (const extra of [["--no-shellcheck"], []]) {
  const t0 = performance.now();
  const result = await exec([...cli, "lint", "--format", "json", "--no-fail", ...extra], { cwd: root, check: false });
  const ms = Math.round(performance.now() - t0);
  const label = extra.length > 0 ? "ShellCheck off" : "ShellCheck on";
  console.log(
    `lint CLI wall time, whole workspace (${workspace.length} ` +
      `files, ${label}): ${ms} ms (target < ` +
      `1000)${result.exitCode === 0 ? "" : ` exit ${result.exitCode}`}`,
  );
}

// Scale: the two inputs of the fault-injection review, through the CLI with ShellCheck on, in turns.
const scaleRounds = Number(process.env.BENCH_ROUNDS ?? 3);

/** One CLI lint of `dir` under `ulimit -n 256`; the stderr of a failed run is kept for the report. */
function scaleRun(dir: string, failures: string[]): () => Promise<void> {
  const command = [...cli, "lint", "--workspace", dir, "--format", "json", "--no-fail"]
    .map((word) => `'${word}'`)
    .join(" ");
  return async () => {
    const result = await exec(["bash", "-c", `ulimit -n 256 && exec ${command} > /dev/null`], { check: false });
    if (result.exitCode !== 0) failures.push(`exit ${result.exitCode}: ${result.stderr.trim()}`);
  };
}

const scratch = mkdtempSync(join(tmpdir(), "lint-bench-"));
try {
  const many = join(scratch, "many");
  for (let index = 0; index < 120; index += 1) {
    mkdirSync(join(many, `svc-${index}`), { recursive: true });
    writeFileSync(join(many, `svc-${index}`, "Dockerfile"), serviceDockerfile(index));
  }
  const large = join(scratch, "large");
  mkdirSync(large);
  writeFileSync(join(large, "Dockerfile"), largeDockerfile().text);
  const cases = [
    { label: "120 Dockerfiles × 10 RUN (ulimit -n 256)", dir: many, target: undefined, failures: [] as string[] },
    { label: "5 MB Dockerfile, ~52,000 RUN lines", dir: large, target: 5000, failures: [] as string[] },
  ];
  const times = await interleaved(
    scaleRounds,
    cases.map((item) => scaleRun(item.dir, item.failures)),
  );
  for (const [index, { label, target, failures }] of cases.entries()) {
    const { min, median, max } = spreadOf(times[index] ?? []);
    const verdict = target === undefined ? "" : ` (target < ${target}) ${median < target ? "OK" : "OVER TARGET"}`;
    const failed = failures.length > 0 ? `; ${failures.length} run(s) failed, first: ${failures[0]}` : "";
    console.log(
      `lint CLI at scale, ${label}, ShellCheck on: ${[min, median, max].map((ms) => ms.toFixed(0)).join(" / ")} ` +
        `ms min / median / max of ${scaleRounds}${verdict}${failed}`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
