// Which path a build takes on a given buildx builder, as data: push by digest where the driver
// can (every driver but `docker`), staging tags where it cannot; the cache turned off where the
// builder cannot export one; a clear stop where it cannot do what was asked. Pure.
import type { CacheMode } from "../config/types.ts";
import { EngineError } from "../errors/errors.ts";
import type { BuilderCapabilities } from "../toolchain/builder.ts";

export interface BuilderPath {
  builder: string;
  driver: string;
  /** digest: `push-by-digest=true`, no tag anywhere until the release moves them; tags: staging tags. */
  push: "digest" | "tags";
  /** What a release's push does on this path, for its log. */
  pushNote: string;
  /** Set when the configured cache mode cannot be used on this builder. */
  cacheMode?: CacheMode;
  notes: string[];
}

export interface PathRequest {
  platforms: readonly string[];
  cacheMode: CacheMode;
  /** Smoke specs run on images loaded into the local engine. */
  load: boolean;
}

const sourceText = { buildx: "features as buildx reports them", driver: "features inferred from the driver" } as const;
const exportingModes: readonly CacheMode[] = ["local", "registry", "gha"];

export function chooseBuilderPath(builder: BuilderCapabilities, request: PathRequest): BuilderPath {
  requireUsable(builder, request);
  const notes = [`builder ${builder.name} (driver ${builder.driver}; ${sourceText[builder.source]})`];
  const cacheOff = exportingModes.includes(request.cacheMode) && !builder.cacheExport;
  if (cacheOff)
    notes.push(
      `cache: ${request.cacheMode} cache export is not supported by this builder, so the cache is off ` +
        "(use a docker-container, remote or kubernetes builder, or the containerd image store)",
    );
  const pushNote = builder.pushByDigest
    ? "release push: by digest into staging (no tag is written anywhere until the release moves them all)"
    : "release push: staging tags (the docker driver cannot push by digest)";
  return {
    builder: builder.name,
    driver: builder.driver,
    push: builder.pushByDigest ? "digest" : "tags",
    pushNote,
    ...(cacheOff ? { cacheMode: "none" as const } : {}),
    notes,
  };
}

function requireUsable(builder: BuilderCapabilities, request: PathRequest): void {
  const hint =
    `\`docker buildx inspect --bootstrap ${builder.name}\` shows what is wrong; ` +
    'docs/release.md ("Builders") says how to set one up.';
  if (builder.errors.length > 0)
    throw new EngineError(`builder ${builder.name} cannot be used: ${builder.errors.join("; ")}`, hint);
  if (!builder.driver) throw new EngineError(`builder ${builder.name}: docker buildx inspect named no driver`, hint);
  if (request.platforms.length > 1 && !builder.multiPlatform) {
    const platforms = request.platforms.join(", ");
    const what = `builder ${builder.name} (driver ${builder.driver}) cannot build ${platforms} in one build`;
    throw new EngineError(
      what,
      "Use a docker-container, remote or kubernetes builder, turn on the containerd image store, " +
        "or split the release per platform (`pnpm images plan --matrix`).",
    );
  }
  if (request.load && !builder.load) {
    throw new EngineError(
      `builder ${builder.name} cannot load images into the engine, where the smoke specs run`,
      "Use a builder with the Docker exporter (every driver has it when buildx can reach a Docker engine).",
    );
  }
}
