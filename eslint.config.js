// @ts-check
// Type-aware lint of the repository's TypeScript and JavaScript: `pnpm lint` runs it with --max-warnings 0,
// as the first step of `pnpm test` (and so in CI). typescript-eslint needs TypeScript's JavaScript API,
// which TypeScript 7 (the native `tsc` of `pnpm typecheck`, package `typescript-native`) does not ship:
// `typescript` in package.json is TypeScript 6's API package (@typescript/typescript6), the linter's host.
import js from "@eslint/js";
import vitest from "@vitest/eslint-plugin";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // The API image's app has its own package and dependencies (built in its image); fixtures are inputs.
  { ignores: ["node_modules/", ".cache/", "test/fixtures/", "images/api/app/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["eslint.config.js"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a parameter or binding that is there for its position only.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // prettier wraps code at 120; this catches what it cannot wrap (strings, comments).
      // A regex literal cannot be split across lines; everything else can.
      "max-len": ["error", { code: 120, tabWidth: 2, ignoreRegExpLiterals: true }],
    },
  },
  {
    // tsc checks these files too (checkJs), and knows Node's globals.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    rules: { "no-undef": "off" },
  },
  {
    // The launcher is CommonJS on purpose (bin/images.cjs says why): require is its import, and
    // node:path's functions, typed as methods, are the very ones ES modules import by name.
    files: ["bin/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/unbound-method": "off" },
  },
  {
    files: ["test/**/*.ts"],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      "vitest/no-conditional-expect": "error",
      // vitest's `expect(value, message)`.
      "vitest/valid-expect": ["error", { maxArgs: 2 }],
      "vitest/expect-expect": ["error", { assertFunctionNames: ["expect", "fc.assert"] }],
      // Set-up that checks what it built (a build's exit code) fails the file, as it should.
      "vitest/no-standalone-expect": ["error", { additionalTestBlockFunctions: ["beforeAll", "beforeEach"] }],
      // Fakes implement async interfaces (Exec, fetch) without awaiting anything.
      "@typescript-eslint/require-await": "off",
      // vitest's asymmetric matchers (expect.stringMatching, expect.any) are typed `any`.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
);
