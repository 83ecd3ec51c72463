// Every container and scratch image a run creates is registered here first, so cleanup can
// remove it on success, failure and Ctrl-C alike. Cleanup never takes the abort signal.
import type { Exec } from "../process/exec.ts";
import { containerName, listByLabelArgs, removeArgs, removeImagesArgs } from "./docker-args.ts";

export interface Tracker {
  runId: string;
  /** A fresh unique container name, registered for removal. */
  name: (target: string) => string;
  /** A scratch image tag (setup steps commit to it), registered for removal. */
  imageTag: (target: string) => string;
  /** Remove one container now (its name stays reserved). */
  release: (name: string) => Promise<void>;
  /** Remove everything still registered, then anything else carrying the run's label. */
  cleanup: () => Promise<void>;
}

export function createTracker(exec: Exec, runId: string): Tracker {
  const containers = new Set<string>();
  const images = new Set<string>();
  let counter = 0;
  const release = async (name: string): Promise<void> => {
    containers.delete(name);
    await exec(removeArgs([name]), { check: false });
  };
  return {
    runId,
    name: (target) => {
      const name = containerName(runId, target, ++counter);
      containers.add(name);
      return name;
    },
    imageTag: (target) => {
      const tag = `${containerName(runId, target, ++counter)}:setup`;
      images.add(tag);
      return tag;
    },
    release,
    cleanup: async () => {
      if (containers.size > 0) await exec(removeArgs([...containers]), { check: false });
      containers.clear();
      await sweepLabel(exec, runId);
      if (images.size > 0) await exec(removeImagesArgs([...images]), { check: false });
      images.clear();
    },
  };
}

/** Containers with the run's label that escaped registration (a CLI killed mid-create). */
export async function sweepLabel(exec: Exec, runId: string): Promise<void> {
  const listed = await exec(listByLabelArgs(runId), { check: false });
  const ids = listed.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (ids.length > 0) await exec(removeArgs(ids), { check: false });
}
