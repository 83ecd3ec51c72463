// Split one rule line into `key=value` fields the way metadata-action's CSV reader does:
// commas separate fields, double quotes protect commas, "" inside quotes is a quote.

export interface Field {
  /** Lower-cased key, or undefined for a bare value ("type=raw,foo" → value "foo"). */
  key: string | undefined;
  value: string;
}

export function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line.charAt(index);
    if (char === '"' && quoted && line.charAt(index + 1) === '"') {
      current += '"';
      index++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === "," && !quoted) {
      fields.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields.filter((field) => field.trim().length > 0);
}

/** Fields split at the first `=`: values may themselves hold `=` (templates, URLs). */
export function parseFields(line: string): Field[] {
  return splitFields(line).map((field) => {
    const at = field.indexOf("=");
    if (at < 0) return { key: undefined, value: field.trim() };
    return { key: field.slice(0, at).trim().toLowerCase(), value: field.slice(at + 1).trim() };
  });
}
