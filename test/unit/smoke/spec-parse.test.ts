import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { parseSmokeSpec } from "../../../scripts/smoke/spec-parse.ts";
import { fixture, fixtures } from "./fixtures.ts";

const badSpecs = readdirSync(join(fixtures, "bad")).filter((name) => name.endsWith(".yaml"));

function parseError(text: string, file: string): ConfigError {
  try {
    parseSmokeSpec(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${file} parsed, expected a ConfigError`);
}

describe("parseSmokeSpec", () => {
  it.each(["cst-example", "service"])("normalises good/%s.yaml with container-structure-test defaults", (name) => {
    const spec = parseSmokeSpec(fixture("good", `${name}.yaml`), `/specs/${name}.yaml`);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(JSON.parse(fixture("good", `${name}.expected.json`)));
  });

  it.each(badSpecs)("rejects bad/%s with the file, line and every problem", (name) => {
    const error = parseError(fixture("bad", name), name);
    const [line, ...message] = fixture("bad", name.replace(/\.yaml$/, ".expected.txt"))
      .trimEnd()
      .split("\n");
    expect(error.file).toBe(name);
    expect(error.line).toBe(Number(line));
    expect(error.message).toBe(message.join("\n"));
  });

  it("reads YAML 1.1 as container-structure-test does: yes/no/on/off are booleans, strings keep their text", () => {
    const spec = parseSmokeSpec(fixture("yaml11", "smoke.yaml"), "smoke.yaml");
    const seen = {
      fileExistenceTests: spec.fileExistenceTests,
      privileged: spec.containerRunOptions.privileged,
      envVars: spec.metadataTest?.envVars,
    };
    expect(seen).toEqual(JSON.parse(fixture("yaml11", "smoke.expected.json")));
  });

  it("defaults shouldExist to true and leaves uid/gid unchecked", () => {
    const spec = parseSmokeSpec("schemaVersion: 2.0.0\nfileExistenceTests:\n  - name: x\n    path: /x\n", "s.yaml");
    expect(spec.fileExistenceTests).toEqual([{ name: "x", path: "/x", shouldExist: true }]);
  });

  it("reads numbers where strings are expected, as yaml.v2 does", () => {
    const spec = parseSmokeSpec(
      "schemaVersion: 2.0.0\nmetadataTest:\n  exposedPorts: [8080]\n  envVars:\n    - key: PORT\n      value: 8080\n",
      "s.yaml",
    );
    expect(spec.metadataTest?.exposedPorts).toEqual(["8080"]);
    expect(spec.metadataTest?.envVars).toEqual([{ key: "PORT", value: "8080", isRegex: false }]);
  });

  it("keeps an explicit empty entrypoint (checked) apart from a missing one (not checked)", () => {
    const spec = parseSmokeSpec("schemaVersion: 2.0.0\nmetadataTest:\n  entrypoint: []\n", "s.yaml");
    expect(spec.metadataTest?.entrypoint).toEqual([]);
    expect(spec.metadataTest?.cmd).toBeUndefined();
  });
});
