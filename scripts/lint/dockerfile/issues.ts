// Syntax problems Docker itself would refuse (hadolint's DL1000), and the logical text of an instruction.
import type { DockerfileModel, Instruction, ParseIssue } from "./model.ts";

const known = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);
const needsArguments = new Set([
  "ADD",
  "ARG",
  "COPY",
  "ENV",
  "EXPOSE",
  "FROM",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
  "HEALTHCHECK",
]);

/** Joins continuation lines and drops comment lines inside them, as the Docker frontend does. */
export function instructionText(raw: string, escape: string): string {
  const lines = raw.split("\n");
  let text = "";
  lines.forEach((line, index) => {
    if (index > 0 && line.trimStart().startsWith("#")) return;
    const trimmedEnd = line.replace(/[ \t\r]+$/, "");
    if (trimmedEnd.endsWith(escape) && index < lines.length - 1) text += trimmedEnd.slice(0, -1);
    else text += index < lines.length - 1 ? `${line}\n` : line;
  });
  return text;
}

export function parseIssues(model: DockerfileModel): ParseIssue[] {
  const issues: ParseIssue[] = [];
  for (const instruction of model.instructions) {
    issues.push(...instructionIssues(instruction));
    if (instruction.trigger) issues.push(...instructionIssues({ ...instruction.trigger, line: instruction.line }));
  }
  return issues;
}

function instructionIssues(instruction: Instruction): ParseIssue[] {
  const at = { line: instruction.line, column: 1 };
  if (!known.has(instruction.keyword))
    return [{ ...at, message: `unknown instruction: ${instruction.node.getInstruction()}` }];
  if (needsArguments.has(instruction.keyword) && instruction.args.trim() === "" && instruction.heredocs.length === 0) {
    return [{ ...at, message: `${instruction.keyword} requires at least one argument` }];
  }
  const open = instruction.heredocs.find((doc) => !doc.terminated);
  if (open) return [{ ...at, message: `unterminated heredoc: no closing "${open.name}" line` }];
  if (
    (instruction.keyword === "COPY" || instruction.keyword === "ADD") &&
    instruction.heredocs.length === 0 &&
    (instruction.json ?? instruction.words).length < 2
  ) {
    return [{ ...at, message: `${instruction.keyword} requires at least two arguments: a source and a destination` }];
  }
  if (instruction.keyword === "ONBUILD" && !instruction.trigger)
    return [{ ...at, message: "ONBUILD requires an instruction to trigger" }];
  return [];
}
