// Rules over single instructions, stages and labels: each fires on a bad Dockerfile and passes a good one.
import { describe, expect, test } from "vitest";
import { codes } from "./helpers.ts";
import { dockerfileCases, from } from "./rule-cases.ts";

describe.each(dockerfileCases)("$code", ({ code, fires, passes, config }) => {
  test.each(fires)("fires on %j", (text) => {
    expect(codes(text, config)).toContain(code);
  });
  test.each(passes)("passes %j", (text) => {
    expect(codes(text, config)).not.toContain(code);
  });
});

describe("ONBUILD", () => {
  test("instruction rules hadolint does not apply inside ONBUILD stay quiet there", () => {
    expect(codes(`${from}ONBUILD WORKDIR app`)).not.toContain("DL3000");
  });
  test("DL3064 applies inside ONBUILD, like hadolint", () => {
    expect(codes(`${from}ONBUILD ENV GITHUB_TOKEN=x`)).toContain("DL3064");
    expect(codes(`${from}ONBUILD ENV PORT=80`)).not.toContain("DL3064");
  });
});
