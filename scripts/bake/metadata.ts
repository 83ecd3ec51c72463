import { ConfigError } from "../errors/errors.ts";
import type { BakeMetadata } from "../types/metadata.ts";

export interface TargetResult {
  digest?: string;
  names: string[];
}

/** Pure: metadata file text → digest and image names per target. */
export function parseMetadata(text: string, file: string): Record<string, TargetResult> {
  let raw: BakeMetadata;
  try {
    raw = JSON.parse(text) as BakeMetadata;
  } catch {
    throw new ConfigError("buildx wrote a metadata file that is not JSON", { file });
  }
  return Object.fromEntries(
    Object.entries(raw)
      .filter(([key]) => !key.startsWith("buildx."))
      .map(([target, entry]) => {
        const digest = entry["containerimage.digest"];
        return [
          target,
          { ...(digest ? { digest } : {}), names: (entry["image.name"] ?? "").split(",").filter(Boolean) },
        ];
      }),
  );
}
