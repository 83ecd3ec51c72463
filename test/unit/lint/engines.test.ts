// ShellCheck and hadolint: argv as data, output parsed back to Dockerfile findings, merging.
import { describe, expect, test } from "vitest";
import { lintSource } from "../../../scripts/lint/engine.ts";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  hadolintArgs,
  hadolintImage,
  hadolintImageArgs,
  hadolintImageRef,
  hadolintPath,
  mergeFindings,
  parseHadolintJson,
  runHadolint,
} from "../../../scripts/lint/hadolint-engine.ts";
import type { Exec } from "../../../scripts/process/exec.ts";
import {
  eachLimited,
  parseShellcheckOutput,
  runShellcheck,
  scriptsOf,
  shellcheckArgs,
} from "../../../scripts/lint/shellcheck.ts";
import { defaultLintConfig } from "../../../scripts/lint/types.ts";

const dockerfile =
  'FROM debian:12\nARG NAME\nSHELL ["/bin/bash", "-c"]\nRUN ' +
  "--mount=type=cache,target=/c echo $NAME \\\n  # dropped\n  " +
  '&& echo $OTHER\nRUN ["echo", "exec form"]\nONBUILD RUN echo ' +
  "$x\n";

describe("ShellCheck", () => {
  const lint = lintSource("Dockerfile", dockerfile, defaultLintConfig);
  const scripts = scriptsOf(lint);
  test("one script per shell-form RUN, with the SHELL dialect and declared ARG/ENV exported", () => {
    expect(scripts).toHaveLength(1);
    const [script] = scripts;
    expect(script?.text.split("\n")[0]).toBe("#!/bin/bash");
    expect(script?.text).toContain("export NAME=1\n");
    expect(script?.text).toContain("echo $NAME \\\n\\\n  && echo $OTHER\n");
    expect(script?.firstLine).toBe(4);
    expect(script?.firstColumn).toBe((dockerfile.split("\n")[3] ?? "").indexOf("echo") + 1);
  });
  test("argv is data", () => {
    expect(shellcheckArgs(["/t/0.sh"])).toEqual([
      "shellcheck",
      "--format=json1",
      "--severity=style",
      "--exclude=2187,1090,1091",
      "--",
      "/t/0.sh",
    ]);
  });
  test("json1 comments map back to the Dockerfile line and column", () => {
    const [script] = scripts;
    if (!script) throw new Error("no script");
    const header = script.header;
    const output = JSON.stringify({
      comments: [{ file: "/t/0.sh", line: header + 3, column: 11, level: "info", code: 2086, message: "Double quote" }],
    });
    expect(parseShellcheckOutput(output, new Map([["/t/0.sh", script]]))).toEqual([
      { file: "Dockerfile", line: 6, column: 11, code: "SC2086", level: "info", message: "Double quote", anchor: 4 },
    ]);
  });
});

describe("ShellCheck at scale", () => {
  test("eachLimited never has more than the limit in flight, and keeps the order", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await eachLimited(
      Array.from({ length: 50 }, (_, i) => i),
      3,
      async (item) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, item % 3));
        inFlight -= 1;
        return item * 2;
      },
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
  });

  test("identical scripts are checked once, batches run two at a time, findings land on every copy", async () => {
    const runs = Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? "RUN echo $A" : "RUN echo $B"));
    const source = `FROM debian:12\n${runs.join("\n")}\n`;
    const many = scriptsOf(lintSource("Dockerfile", source, defaultLintConfig));
    let running = 0;
    let peak = 0;
    const files: string[] = [];
    const fake: Exec = async (argv) => {
      running += 1;
      peak = Math.max(peak, running);
      const batch = argv.slice(argv.indexOf("--") + 1);
      files.push(...batch);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      const comments = batch.map((file) => ({
        file,
        line: 10,
        column: 6,
        level: "info",
        code: 2086,
        message: "Double quote",
      }));
      return { argv, exitCode: 1, stdout: JSON.stringify({ comments }), stderr: "" };
    };
    const findings = await runShellcheck(many, fake, { processes: 2, writes: 4, batchSize: 1 });
    expect(files).toHaveLength(2);
    expect(peak).toBeLessThanOrEqual(2);
    expect(new Set(findings.map((finding) => finding.anchor)).size).toBe(600);
  });
});

describe("hadolint", () => {
  test("without a binary, the hadolint image runs through the engine, from its mirror when one is mapped", async () => {
    expect(hadolintImageRef({})).toBe("hadolint/hadolint:v2.15.1");
    expect(hadolintImageRef({ [hadolintImage]: "127.0.0.1:5000/hadolint/hadolint:v2.15.1" })).toBe(
      "127.0.0.1:5000/hadolint/hadolint:v2.15.1",
    );
    expect(hadolintImageRef({ "docker.io/hadolint/hadolint:v2.15.1": "mirror.local/h:v2.15.1" })).toBe(
      "mirror.local/h:v2.15.1",
    );
    expect(
      hadolintImageArgs("m/h:1", "/ws-host", ["/ws-host/images/api/Dockerfile"], "/ws-host/.hadolint.yaml"),
    ).toEqual([
      "docker",
      "run",
      "--rm",
      "--network",
      "none",
      "-v",
      "/ws-host:/ws:ro",
      "-w",
      "/ws",
      "m/h:1",
      "hadolint",
      "--no-fail",
      "--no-color",
      "--format",
      "json",
      "--failure-threshold",
      "none",
      "--config",
      "/ws/.hadolint.yaml",
      "/ws/images/api/Dockerfile",
    ]);
    expect(() => hadolintImageArgs("m/h:1", "/ws-host", ["/elsewhere/Dockerfile"], undefined)).toThrow(
      /outside the workspace/,
    );
    const seen: (readonly string[])[] = [];
    const fake: Exec = async (argv) => {
      seen.push(argv);
      return {
        argv,
        exitCode: 0,
        stdout: JSON.stringify([
          { code: "DL3008", column: 1, file: "/ws/images/api/Dockerfile", level: "warning", line: 3, message: "Pin" },
        ]),
        stderr: "",
      };
    };
    const raw = await runHadolint(["/ws-host/images/api/Dockerfile"], {
      env: { PATH: "" },
      exec: fake,
      cwd: "/ws-host",
      configFile: undefined,
      display: (file) => file.replace("/ws-host/", ""),
      mirrors: {},
    });
    expect(seen[0]?.slice(0, 2)).toEqual(["docker", "run"]);
    expect(raw.map((finding) => `${finding.file}:${finding.line}:${finding.code}`)).toEqual([
      "images/api/Dockerfile:3:DL3008",
    ]);
    const failing: Exec = async (argv) => ({ argv, exitCode: 125, stdout: "", stderr: "Unable to find image" });
    await expect(
      runHadolint(["/ws-host/Dockerfile"], {
        env: { PATH: "" },
        exec: failing,
        cwd: "/ws-host",
        configFile: undefined,
        display: (f) => f,
        mirrors: {},
      }),
    ).rejects.toThrow(/hadolint failed/);
  });

  test("a hadolint on PATH is chosen only when it is an executable file", () => {
    const root = mkdtempSync(join(tmpdir(), "hadolint-path-"));
    const [plain, folder, real] = ["plain", "folder", "real"].map((name) => join(root, name)) as [
      string,
      string,
      string,
    ];
    for (const dir of [plain, folder, real]) mkdirSync(dir);
    writeFileSync(join(plain, "hadolint"), "not a program");
    mkdirSync(join(folder, "hadolint"));
    writeFileSync(join(real, "hadolint"), "#!/bin/sh\n");
    chmodSync(join(real, "hadolint"), 0o755);
    expect(hadolintPath({ PATH: [plain, folder, real].join(":") })).toBe(join(real, "hadolint"));
    expect(hadolintPath({ PATH: [plain, folder].join(":") })).toBeUndefined();
    rmSync(root, { recursive: true, force: true });
  });

  test("argv and JSON output", () => {
    expect(hadolintArgs("/bin/hadolint", ["/ws/Dockerfile"], "/ws/.hadolint.yaml")).toEqual([
      "/bin/hadolint",
      "--no-fail",
      "--no-color",
      "--format",
      "json",
      "--failure-threshold",
      "none",
      "--config",
      "/ws/.hadolint.yaml",
      "/ws/Dockerfile",
    ]);
    const parsed = parseHadolintJson(
      JSON.stringify([
        { code: "DL3008", column: 1, file: "/ws/Dockerfile", level: "warning", line: 3, message: "Pin" },
      ]),
      (file) => file.replace("/ws/", ""),
    );
    expect(parsed).toEqual([
      { file: "Dockerfile", line: 3, column: 1, code: "DL3008", level: "warning", message: "Pin", anchor: 3 },
    ]);
  });
  test("merging keeps native findings and adds what only hadolint saw", () => {
    const native = [{ file: "D", line: 3, code: "DL3008", message: "native" }];
    const external = [
      { file: "D", line: 3, code: "DL3008", message: "hadolint" },
      { file: "D", line: 9, code: "SC1000", message: "x" },
      { file: "D", line: 9, code: "SC1000", message: "x" },
    ];
    expect(mergeFindings(native, external).map((finding) => finding.message)).toEqual(["native", "x"]);
  });
});
