// Dockerfile text for the stand-ins built on the debian stand-in. Pure: recipe + base reference → text.
import type { RecipeOf } from "./stand-ins.ts";

type DockerfileRecipe = RecipeOf<"dockerfile">;
type NodeDistRecipe = RecipeOf<"node-dist">;

/** The folders of a node-dist build context: one shared by every platform, one per TARGETARCH. */
export const nodeDistCommon = "common";

/**
 * COPY only: the files were laid out on the host (see plan.ts), so a foreign platform needs no emulation.
 * ENV as the real image sets it.
 */
export function nodeDistDockerfile(recipe: NodeDistRecipe, baseRef: string): string {
  return [
    `FROM ${baseRef}`,
    "ARG TARGETARCH",
    `COPY ${nodeDistCommon}/ /`,
    "COPY ${TARGETARCH}/ /",
    `ENV NODE_VERSION=${recipe.node} YARN_VERSION=${recipe.yarn}`,
    `CMD ${JSON.stringify(recipe.cmd)}`,
    "",
  ].join("\n");
}

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
