// The image sources themselves: exact pins, the per-agent contract (name, port) and no
// `# syntax=` directive (this air-gapped engine cannot pull a Dockerfile frontend).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const agentPorts: Record<string, string> = { chat: "8001", rag: "8002", npu: "8003", research: "8004", knowledge: "8005" };
const dockerfiles = ["base/Dockerfile", "images/api/Dockerfile", ...Object.keys(agentPorts).map((agent) => `images/${agent}/Dockerfile`)];
const requirementFiles = [
  ...readdirSync("base").filter((file) => /^requirements-.*\.txt$/.test(file)).map((file) => `base/${file}`),
  ...Object.keys(agentPorts).map((agent) => `images/${agent}/requirements.txt`),
];

/** Requirement lines, without comments, blanks and pip options (--extra-index-url …). */
function requirements(text: string): string[] {
  return text.split("\n").map((line) => line.replace(/#.*/, "").trim()).filter((line) => line && !line.startsWith("-"));
}

describe.each(requirementFiles)("%s", (file) => {
  test("pins every requirement to an exact version", () => {
    const lines = requirements(readFileSync(file, "utf8"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z,]+\])?==[0-9][A-Za-z0-9.+!-]*$/);
  });
});

describe.each(Object.entries(agentPorts))("%s agent", (agent, port) => {
  const dockerfile = readFileSync(`images/${agent}/Dockerfile`, "utf8");

  test("declares its name and port and ends as the agent user", () => {
    expect(dockerfile).toMatch(new RegExp(`AGENT_NAME=${agent}\\b`));
    expect(dockerfile).toMatch(new RegExp(`PORT=${port}\\b`));
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, "m"));
    expect(dockerfile.trimEnd().split("\n").at(-1)).toBe("USER agent");
  });

  test("ships an agent package with a __main__ entry", () => {
    expect(readdirSync(`images/${agent}/agent`)).toEqual(expect.arrayContaining(["__init__.py", "__main__.py"]));
  });
});

test.each(dockerfiles)("%s has no # syntax= directive and uses JSON-form ENTRYPOINT/CMD", (file) => {
  const text = readFileSync(file, "utf8");
  expect(text).not.toMatch(/^#\s*syntax\s*=/im);
  for (const line of text.split("\n").filter((l) => /^(ENTRYPOINT|CMD) /.test(l))) expect(line).toMatch(/^(ENTRYPOINT|CMD) \[/);
});

test("both API runtime stages share tini's path, the user, the port and the command", () => {
  const text = readFileSync("images/api/Dockerfile", "utf8");
  const tail = (stage: string): string[] =>
    (text.split(/^FROM /m).find((part) => part.includes(` AS ${stage}\n`)) ?? "")
      .split("\n")
      .filter((line) => /^(USER|EXPOSE|HEALTHCHECK|ENTRYPOINT|CMD|WORKDIR|COPY --from)/.test(line) || /^ {4}[A-Z_]+=/.test(line));
  expect(tail("runtime")).toEqual(tail("runtime-debian"));
  expect(tail("runtime")).toContain('ENTRYPOINT ["/sbin/tini", "--"]');
});
