// XML escaping shared by the checkstyle and JUnit reporters.
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[char] ?? char).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
