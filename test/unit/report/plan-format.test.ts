import { describe, expect, test } from "vitest";
import { defaultConfig } from "../../../scripts/config/types.ts";
import { formatPlan } from "../../../scripts/report/plan-format.ts";
import { planFixture } from "../plan/plan-fixture.ts";

describe("the plan as text", () => {
  const text = (name: string, selection: string[]): string[] =>
    formatPlan(
      planFixture(`test/fixtures/bake/${name}/bake.print.json`, defaultConfig, "load", selection).plan,
      "/ws",
    ).split("\n");

  test("says what a check and a files target are, and shows no tags for them", () => {
    const lines = text("go-project", ["lint", "binaries"]);
    expect(lines).toContain(
      "1. binaries  (files: run as the bake file declares; no tags or labels added, never pushed)",
    );
    expect(lines).toContain("   output:     ./bin/build  → files written to ./bin/build");
    expect(lines).toContain(
      "   output:     type=cacheonly  → a check: exports nothing; " + "if it fails, the build fails",
    );
    expect(lines.filter((line) => line.startsWith("   tags:"))).toEqual(["   tags:       -", "   tags:       -"]);
  });

  test("marks what the bake file said beside what we add, and lists what bake keeps", () => {
    const lines = text("mixed-images", ["web-debug"]);
    expect(lines).toContain("   secret:     id=npm_token,env=NPM_TOKEN (bake file)");
    expect(lines).toContain("   secret:     id=host_ca,src=/etc/ssl/certs/ca-certificates.crt");
    expect(lines).toContain(
      "   cache-to:   type=gha,scope=web,mode=max (bake file) " +
        "type=local,dest=/ws/.cache/buildx/web-debug,mode=max,compression=zstd,compression-level=1",
    );
    expect(lines).toContain("   keeps:      no-cache = true");
    expect(lines).toContain(
      "   keeps:      annotations = index,manifest:org.opencontainers.image.description=the web app",
    );
  });
});
