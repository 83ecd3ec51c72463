// The base builds the same whichever way it is built: the extras' one default is the Dockerfile's,
// and bake.hcl passes none (a text check: the bake definition itself is read with `bake --print`).
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

test("AGENT_EXTRAS defaults to the ai and web extras in base/Dockerfile, and bake.hcl does not override it", () => {
  expect(readFileSync("base/Dockerfile", "utf8")).toMatch(/^ARG AGENT_EXTRAS="ai web"$/m);
  expect(readFileSync("bake.hcl", "utf8")).not.toMatch(/^\s*AGENT_EXTRAS\s*=/m);
});

test("every extra the default names has its requirements file", () => {
  const extras = /^ARG AGENT_EXTRAS="([^"]*)"$/m.exec(readFileSync("base/Dockerfile", "utf8"))?.[1]?.split(" ") ?? [];
  expect(extras).toEqual(["ai", "web"]);
  for (const extra of extras) expect(readFileSync(`base/requirements-${extra}.txt`, "utf8").length).toBeGreaterThan(0);
});

test("common-functions.sh is installed executable, so `docker exec … debug_container` runs it", () => {
  expect(readFileSync("base/Dockerfile", "utf8")).toMatch(/^COPY --chmod=0755 scripts\/common-functions\.sh /m);
  expect(readFileSync("base/scripts/common-functions.sh", "utf8")).toMatch(/debug_container \| load_config \|/);
});
