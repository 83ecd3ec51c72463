// How a secret looks, by name and by value; precompiled once.

const secretNamePattern =
  /(^|_|-)(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(_|-|$)/i;
/** Names that mention a secret but hold none (a path or a mount id). */
const harmlessName = /(_FILE|_PATH|_DIR|_ID_FILE)$/i;

const valueShapes: { what: string; pattern: RegExp }[] = [
  { what: "an AWS access key", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { what: "a Slack token", pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/ },
  { what: "a password inside a URL", pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:[^\s@/$]+@/i },
  { what: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: "an OpenAI-style API key", pattern: /\bsk-[A-Za-z0-9]{32,}\b/ },
];

export function secretName(name: string): boolean {
  return secretNamePattern.test(name) && !harmlessName.test(name);
}

/** What the value looks like, or undefined when it looks harmless. */
export function secretValue(value: string): string | undefined {
  return valueShapes.find((shape) => shape.pattern.test(value))?.what;
}
