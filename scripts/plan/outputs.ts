// A target's declared outputs, read as buildx reads them (buildflags.ParseExports, buildx 0.13):
// each entry is one CSV record of key=value fields; a lone value that does not start with `type=`
// is a local folder (`-` is a tarball on stdout); `type=registry` is an image pushed. Pure.
import { ConfigError } from "../errors/errors.ts";
import type { BakeTarget } from "../types/bake.ts";

export interface ExportEntry {
  type: string;
  dest?: string;
  attrs: Record<string, string>;
}

/** image: tags, labels, smoke, push are ours. check and files: run exactly as the file says. */
export type TargetKind = "image" | "check" | "files";

const imageTypes = new Set(["image", "docker"]);

/** Go encoding/csv, one record, default settings: quoted fields with "" escapes, no bare quotes. */
export function csvFields(text: string): string[] {
  const fields: string[] = [];
  let rest = text;
  for (;;) {
    const quoted = rest.startsWith('"') ? /^"((?:[^"]|"")*)"(?=,|$)/.exec(rest) : undefined;
    if (quoted === null) throw new Error(`extraneous or missing " in quoted-field: ${text}`);
    const field = quoted ? (quoted[1] ?? "").replaceAll('""', '"') : (rest.split(",", 1)[0] ?? "");
    if (!quoted && field.includes('"')) throw new Error(`bare " in non-quoted-field: ${text}`);
    fields.push(field);
    rest = rest.slice(quoted ? (quoted[0] ?? "").length : field.length);
    if (!rest.startsWith(",")) return fields;
    rest = rest.slice(1);
  }
}

const outputHint = "Write outputs as buildx does: `type=local,dest=./out`, `type=cacheonly`, or a folder path.";

/** One output entry → its exporter, or a ConfigError naming the target, as buildx would refuse it. */
export function parseOutput(entry: string, target: string): ExportEntry {
  const fail = (why: string): ConfigError =>
    new ConfigError(`target "${target}": output "${entry}" is invalid: ${why}`, { hint: outputHint });
  let fields: string[];
  try {
    fields = csvFields(entry);
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (fields.length === 1 && fields[0] === entry && !entry.startsWith("type=")) return lonePath(entry);
  const attrs: Record<string, string> = {};
  for (const field of fields) {
    const cut = field.indexOf("=");
    if (cut < 0) throw fail(`invalid value ${field}`);
    attrs[field.slice(0, cut).trim().toLowerCase()] = field.slice(cut + 1);
  }
  return exportEntry(attrs, fail);
}

/** A lone value is a folder for the local exporter, and `-` a tarball on stdout. */
function lonePath(entry: string): ExportEntry {
  return entry === "-" ? { type: "tar", dest: "-", attrs: {} } : { type: "local", dest: entry, attrs: {} };
}

function exportEntry(attrs: Record<string, string>, fail: (why: string) => ConfigError): ExportEntry {
  const { type, dest, ...rest } = attrs;
  if (!type) throw fail("type is required for output");
  if (type === "registry") return { type: "image", attrs: { ...rest, push: rest.push ?? "true" } };
  return { type, ...(dest === undefined ? {} : { dest }), attrs: rest };
}

/** No output, or only image exporters (`image`, `registry`, `docker`): an image. */
export function targetKind(outputs: readonly ExportEntry[]): TargetKind {
  if (outputs.every((entry) => imageTypes.has(entry.type))) return "image";
  return outputs.every((entry) => entry.type === "cacheonly") ? "check" : "files";
}

/** What a non-image target leaves behind once it ran, for the plan and the report. */
export function outcome(kind: TargetKind, outputs: readonly ExportEntry[]): string {
  if (kind === "check") return "check passed";
  const written = outputs.filter((entry) => entry.type !== "cacheonly").map(describeExport);
  return written.join("; ") || "image";
}

const exportedAs: Record<string, string> = {
  local: "files",
  tar: "tarball",
  oci: "OCI layout tarball",
  docker: "image tarball",
};

function describeExport(entry: ExportEntry): string {
  const where = entry.dest === "-" ? "stdout" : (entry.dest ?? "the exporter's default place");
  const what = exportedAs[entry.type];
  return what
    ? `${what} written to ${where}`
    : `exported by type=${entry.type}${entry.dest ? ` to ${entry.dest}` : ""}`;
}

/** A definition target's kind, from its declared outputs. */
export function kindOf(target: Pick<BakeTarget, "name" | "output">): TargetKind {
  return targetKind(target.output.map((entry) => parseOutput(entry, target.name)));
}
