// ShellCheck and hadolint: argv as data, output parsed back to Dockerfile findings, merging.
import { describe, expect, test } from "vitest";
import { lintSource } from "../../../scripts/lint/engine.ts";
import { hadolintArgs, mergeFindings, parseHadolintJson } from "../../../scripts/lint/hadolint-engine.ts";
import { parseShellcheckOutput, scriptsOf, shellcheckArgs } from "../../../scripts/lint/shellcheck.ts";
import { defaultLintConfig } from "../../../scripts/lint/types.ts";

const dockerfile = 'FROM debian:12\nARG NAME\nSHELL ["/bin/bash", "-c"]\nRUN --mount=type=cache,target=/c echo $NAME \\\n  # dropped\n  && echo $OTHER\nRUN ["echo", "exec form"]\nONBUILD RUN echo $x\n';

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
    expect(shellcheckArgs(["/t/0.sh"])).toEqual(["shellcheck", "--format=json1", "--severity=style", "--exclude=2187,1090,1091", "--", "/t/0.sh"]);
  });
  test("json1 comments map back to the Dockerfile line and column", () => {
    const [script] = scripts;
    if (!script) throw new Error("no script");
    const header = script.header;
    const output = JSON.stringify({ comments: [{ file: "/t/0.sh", line: header + 3, column: 11, level: "info", code: 2086, message: "Double quote" }] });
    expect(parseShellcheckOutput(output, new Map([["/t/0.sh", script]]))).toEqual([{ file: "Dockerfile", line: 6, column: 11, code: "SC2086", level: "info", message: "Double quote", anchor: 4 }]);
  });
});

describe("hadolint", () => {
  test("argv and JSON output", () => {
    expect(hadolintArgs("/bin/hadolint", ["/ws/Dockerfile"], "/ws/.hadolint.yaml")).toEqual(["/bin/hadolint", "--no-fail", "--no-color", "--format", "json", "--failure-threshold", "none", "--config", "/ws/.hadolint.yaml", "/ws/Dockerfile"]);
    const parsed = parseHadolintJson('[{"code":"DL3008","column":1,"file":"/ws/Dockerfile","level":"warning","line":3,"message":"Pin"}]', (file) => file.replace("/ws/", ""));
    expect(parsed).toEqual([{ file: "Dockerfile", line: 3, column: 1, code: "DL3008", level: "warning", message: "Pin", anchor: 3 }]);
  });
  test("merging keeps native findings and adds what only hadolint saw", () => {
    const native = [{ file: "D", line: 3, code: "DL3008", message: "native" }];
    const external = [{ file: "D", line: 3, code: "DL3008", message: "hadolint" }, { file: "D", line: 9, code: "SC1000", message: "x" }, { file: "D", line: 9, code: "SC1000", message: "x" }];
    expect(mergeFindings(native, external).map((finding) => finding.message)).toEqual(["native", "x"]);
  });
});
