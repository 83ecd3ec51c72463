// Set-up is on unless --no-setup or IMAGES_NO_SETUP (for CI systems that forbid changes) says otherwise.
// bin/deps.cjs reads the same two switches before any dependency is installed.

export function setupAllowed(noSetupFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  return !noSetupFlag && !["1", "true", "yes", "on"].includes((env.IMAGES_NO_SETUP ?? "").toLowerCase());
}
