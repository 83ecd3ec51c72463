// Dockerfile text for the stand-ins built on the debian stand-in. Pure: recipe + base reference → text.
import type { StandInRecipe } from "./stand-ins.ts";

type DockerfileRecipe = Extract<StandInRecipe, { kind: "dockerfile" }>;

export function standInDockerfile(recipe: DockerfileRecipe, baseRef: string): string {
  const install = [
    "apt-get update",
    `apt-get install -y --no-install-recommends ${recipe.packages.join(" ")}`,
    ...recipe.tweaks,
    "rm -rf /var/lib/apt/lists/*",
  ];
  const env = Object.entries(recipe.env).map(([key, value]) => `ENV ${key}=${JSON.stringify(value)}`);
  return [
    `FROM ${baseRef}`,
    `RUN ${install.join(" \\\n && ")}`,
    ...env,
    ...(recipe.workdir ? [`WORKDIR ${recipe.workdir}`] : []),
    ...(recipe.volume ? [`VOLUME ${JSON.stringify([recipe.volume])}`] : []),
    ...(recipe.expose ? [`EXPOSE ${recipe.expose}`] : []),
    ...(recipe.user ? [`USER ${recipe.user}`] : []),
    `CMD ${JSON.stringify(recipe.cmd)}`,
    "",
  ].join("\n");
}
