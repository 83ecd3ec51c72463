// metadata-action's two CSV readings, with the csv-parse package it uses:
// 1. a list input (`tags: |`, a repeated flag, a config list) becomes entries, as actions-toolkit's
//    Util.getList does it (relaxed quotes, `#` comments at the start of a line, blank lines skipped);
// 2. each rule, flavor or image entry becomes fields, as tag.ts/flavor.ts/image.ts parse it (strict).
import { CsvError, parse, type Options } from "csv-parse/sync";
import { ConfigError } from "../errors/errors.ts";

/** What an entry is, for messages: "tag rule", "flavor entry", "image entry". */
export type EntryKind = "tag rule" | "flavor entry" | "image entry" | "label" | "annotation";

const listOptions = {
  relaxQuotes: true,
  relaxColumnCount: true,
  skipEmptyLines: true,
  comment: "#",
  comment_no_infix: true,
};
const entryOptions = { relaxColumnCount: true, skipEmptyLines: true };

/**
 * Entries of a list input: a record's fields joined with commas, as getList does. For rules, images
 * and flavor a field holding a comma (it was quoted) is quoted again, so the strict reading of the
 * entry sees the fields CSV defines: "pattern=\d{1,3}" stays one field, where the action's join
 * would split it in two. Labels and annotations are not read again, so they are joined as they are.
 */
export function inputList(values: readonly string[], kind: EntryKind): string[] {
  return values.flatMap((value) => value.split("\n")).flatMap((line) => listLine(line, kind));
}

function listLine(line: string, kind: EntryKind): string[] {
  const records = parseCsv(line, listOptions, kind, line);
  const joinField = kind === "label" || kind === "annotation" ? (field: string) => field : requote;
  return records
    .map((fields) => (fields.length === 1 ? (fields[0] ?? "") : fields.map(joinField).join(",")))
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

function requote(field: string): string {
  return field.includes(",") ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The fields of one entry, as metadata-action's strict csv-parse call reads them. */
export function entryFields(entry: string, kind: EntryKind): string[] {
  return parseCsv(entry, entryOptions, kind, entry)[0] ?? [];
}

function parseCsv(text: string, options: Options, kind: EntryKind, entry: string): string[][] {
  try {
    return parse(text, options);
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(error, kind, entry);
    throw error;
  }
}

/** csv-parse's reason, in one line that names the entry and the field. */
function csvProblem(error: CsvError, kind: EntryKind, entry: string): ConfigError {
  const fields = entry.split(",");
  const index = typeof error.column === "number" ? error.column : fields.length - 1;
  const field = fields[index] ?? entry;
  const reason = csvReasons[error.code] ?? error.message.split(":")[0] ?? error.code;
  return new ConfigError(`${kind} "${entry}": field ${index + 1} (${field.trim()}): ${reason}`, {
    hint:
      "Quote a whole field, from its first character, to keep commas or quotes in it: " +
      'type=match,"pattern=v(\\d+),(\\d+)". Inside quotes write a quote as "".',
  });
}

const csvReasons: Partial<Record<string, string>> = {
  INVALID_OPENING_QUOTE: "a quote inside a field that does not start with one",
  CSV_QUOTE_NOT_CLOSED: "a quote that is never closed",
  CSV_INVALID_CLOSING_QUOTE: "text after the closing quote of a field",
};

/** `key=value` split at the first `=` (tag rules: values may hold `=`); a bare value has no key. */
export function splitAtFirst(field: string): { key: string | undefined; value: string } {
  const at = field.indexOf("=");
  if (at < 0) return { key: undefined, value: field.trim() };
  return { key: field.slice(0, at).trim().toLowerCase(), value: field.slice(at + 1).trim() };
}

/** `key=value` as flavor.ts and image.ts split it: at every `=`, keeping the part after the first. */
export function splitAtEvery(field: string): { key: string | undefined; value: string } {
  const parts = field.split("=").map((part) => part.trim());
  if (parts.length === 1) return { key: undefined, value: parts[0] ?? "" };
  return { key: (parts[0] ?? "").toLowerCase(), value: parts[1] ?? "" };
}
