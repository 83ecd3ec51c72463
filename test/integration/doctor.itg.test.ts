import { expect, test } from "vitest";
import { exec } from "../../scripts/process/exec.ts";
import { registryHost } from "./engine.ts";
import { runCli } from "./workspace-copy.ts";

test("doctor reports every required part with its version and exits 0 on a fixed machine", async () => {
  const result = await runCli(["doctor"]);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  for (const part of ["docker engine", "buildx", "containerd store", "compose", "registry"]) {
    expect(result.stdout).toMatch(new RegExp(`^ok\\s+${part}\\s+\\S+`, "m"));
  }
});

test("doctor --fix on a complete toolchain changes nothing and says so", async () => {
  const result = await runCli(["doctor", "--fix"]);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(/nothing to do: the toolchain is complete/);
});

test("the seeded stand-ins are in the registry, labelled as stand-ins; debian for amd64 and arm64", async () => {
  const result = await runCli(["bases", "list"]);
  expect(result.exitCode, result.stderr).toBe(0);
  for (const upstream of [
    "debian:bookworm-slim",
    "python:3.12-slim-bookworm",
    "node:20-bookworm-slim",
    "redis:7-bookworm",
  ]) {
    expect(result.stdout).toMatch(
      new RegExp(`^${upstream.replace(/\./g, "\\.")}\\s.*sha256:[0-9a-f]{64} linux/amd64`, "m"),
    );
  }
  // .ci/run seeds debian for both platforms, so the multi-platform build test has a real arm64 base.
  expect(result.stdout).toMatch(/^debian:bookworm-slim\s.* linux\/amd64,linux\/arm64$/m);
  const inspect = await exec([
    "docker",
    "buildx",
    "imagetools",
    "inspect",
    "--format",
    "{{json .Image}}",
    `${registryHost}/library/python:3.12-slim-bookworm`,
  ]);
  // One image, or one per platform when a multi-platform build has seeded arm64 too.
  type Image = { config?: { Labels?: Record<string, string> } };
  const image = JSON.parse(inspect.stdout) as Image | Record<string, Image>;
  const first: Image = "config" in image ? image : (Object.values(image as Record<string, Image>)[0] ?? {});
  const labels = first.config?.Labels ?? {};
  expect(labels["org.opencontainers.image.vendor"]).toMatch(/not the official image/);
  expect(labels["org.opencontainers.image.description"]).toMatch(/stand-in/i);
});
