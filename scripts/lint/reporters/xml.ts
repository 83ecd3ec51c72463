// XML escaping shared by the checkstyle and JUnit reporters.
export function escapeXml(text: string): string {
  // XML 1.0 forbids these control characters even escaped, so they are dropped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[<>&"']/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[char] ?? char).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
