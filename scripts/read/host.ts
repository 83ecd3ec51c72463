// Facts about the machine that planners take as data. The one place process.platform and
// process.arch are read: everything else receives the native platform as a value.
import { nativePlatformOf } from "../plan/platforms.ts";

export interface HostFacts {
  /** The platform builds default to (`linux/amd64`), in buildx's names. */
  nativePlatform: string;
}

export function readHost(): HostFacts {
  return { nativePlatform: nativePlatformOf(process.platform, process.arch) };
}
