// The `images` input as metadata-action reads it: one image per entry, either a bare name or
// attributes (`name=ghcr.io/user/app,enable=false`); a single entry of bare names separated by
// commas is the older CSV form (`name/app,ghcr.io/name/app`).
import { ConfigError } from "../errors/errors.ts";
import { entryFields, inputList, splitAtEvery } from "./input-list.ts";

export interface ImageEntry {
  name: string;
  enable: boolean;
}

export function parseImages(values: readonly string[]): ImageEntry[] {
  const entries = inputList(values, "image entry");
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only !== undefined) {
    const fields = entryFields(only, "image entry").map(splitAtEvery);
    if (fields.every((field) => field.key === undefined)) {
      return fields.map((field) => ({ name: field.value, enable: true }));
    }
  }
  return entries.map(parseImage);
}

function parseImage(entry: string): ImageEntry {
  const image: ImageEntry = { name: "", enable: true };
  for (const field of entryFields(entry, "image entry").map(splitAtEvery)) {
    if (field.key === undefined || field.key === "name") image.name = field.value;
    else if (field.key === "enable") image.enable = parseEnable(field.value, entry);
    else throw new ConfigError(`unknown attribute "${field.key}" in image entry "${entry}"`, { hint: imageHint });
  }
  if (image.name.length === 0) throw new ConfigError(`image entry "${entry}" has no name`, { hint: imageHint });
  return image;
}

function parseEnable(value: string, entry: string): boolean {
  if (value === "true" || value === "false") return value === "true";
  throw new ConfigError(`enable must be true or false in image entry "${entry}", got "${value}"`, { hint: imageHint });
}

const imageHint = "Image entries: NAME, or name=NAME[,enable=true|false] (one per line).";

/** Enabled image names, lower-cased as Docker wants repository names. */
export function enabledImageNames(images: readonly ImageEntry[]): string[] {
  return images.filter((image) => image.enable).map((image) => image.name.toLowerCase());
}
