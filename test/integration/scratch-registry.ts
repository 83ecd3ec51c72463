// A second, empty registry on a loopback port of its own, for tests that must start from nothing
// (a first run that seeds its stand-ins). Uses the docker-registry binary `doctor --fix` installs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { registryConfig } from "../../scripts/toolchain/fix-plan.ts";

export interface ScratchRegistry {
  host: string;
  stop: () => Promise<void>;
}

export async function startScratchRegistry(port: number): Promise<ScratchRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "images-scratch-registry-"));
  const config = join(dir, "config.yml");
  const host = `127.0.0.1:${port}`;
  // The same registry config `doctor --fix` writes, with its storage under this folder.
  writeFileSync(config, registryConfig(dir, host));
  const child = spawn("docker-registry", ["serve", config], { stdio: "ignore" });
  const stop = async (): Promise<void> => {
    child.kill("SIGTERM");
    await sleep(200);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    const answered = await fetch(`http://${host}/v2/`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (answered) return { host, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`the scratch registry on ${host} did not start`);
}
