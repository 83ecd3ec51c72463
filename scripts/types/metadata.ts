// The file `docker buildx bake --metadata-file` writes: one entry per target.
export interface BakeMetadataEntry {
  "buildx.build.ref"?: string;
  "containerimage.digest"?: string;
  "containerimage.config.digest"?: string;
  "containerimage.descriptor"?: { mediaType: string; digest: string; size: number };
  "image.name"?: string;
}

export type BakeMetadata = Record<string, BakeMetadataEntry>;
