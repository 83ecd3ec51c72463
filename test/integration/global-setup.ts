// Integration tests fail (never skip) when their engine or registry is missing.
import { engineProblem } from "./engine.ts";

export default async function setup(): Promise<void> {
  const problem = await engineProblem();
  if (problem)
    throw new Error(
      `integration tests need a Docker engine and a registry: ` +
        `${problem}. Run \`pnpm images doctor --fix\` and \`pnpm ` +
        `images bases seed\`.`,
    );
}
