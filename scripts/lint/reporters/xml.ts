// XML escaping shared by the checkstyle and JUnit reporters.
const entities: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };

// XML 1.0 forbids these control characters even escaped, so they are dropped.
// eslint-disable-next-line no-control-regex
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => entities[char] ?? char).replace(forbidden, "");
}
