// Every rule that reads RUN scripts: fires on a bad snippet, stays quiet on a good one,
// and (where hadolint does) fires the same way inside ONBUILD.
import { describe, expect, test } from "vitest";
import { ruleMeta } from "../../../scripts/lint/rules/index.ts";
import { codes, inStage } from "./helpers.ts";
import { runCases } from "./rule-cases.ts";

describe.each(runCases)("$code", ({ code, fires, passes }) => {
  const onbuild = ruleMeta(code)?.onbuild === true;
  test.each(fires)("fires on %s", (snippet) => {
    expect(codes(inStage(snippet))).toContain(code);
  });
  test.each(passes)("passes %s", (snippet) => {
    expect(codes(inStage(snippet))).not.toContain(code);
  });
  test.runIf(onbuild).each(fires)("fires inside ONBUILD: %s", (snippet) => {
    expect(codes(inStage(snippet, true))).toContain(code);
  });
  test.runIf(onbuild).each(passes)("passes inside ONBUILD: %s", (snippet) => {
    expect(codes(inStage(snippet, true))).not.toContain(code);
  });
});

describe("rules that walk several RUNs", () => {
  test("DL4001 fires when one stage uses both curl and wget, not across stages", () => {
    expect(codes("FROM debian:12\nRUN curl -o a https://x\nRUN wget -q https://y\n")).toContain("DL4001");
    expect(
      codes("FROM debian:12 AS a\nRUN curl -o a https://x\nFROM debian:12\nRUN wget -q https://y\n"),
    ).not.toContain("DL4001");
  });

  test("DL4006 fires on a pipe without pipefail; SHELL -o pipefail and a new stage reset it", () => {
    expect(codes("FROM debian:12\nRUN curl -s https://x | sh\n")).toContain("DL4006");
    expect(
      codes('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -s https://x | sh\n'),
    ).not.toContain("DL4006");
    expect(codes('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:12\nRUN a | b\n')).toContain(
      "DL4006",
    );
    expect(codes("FROM debian:12\nRUN a || b\n")).not.toContain("DL4006");
    expect(codes("FROM debian:12\nRUN echo 'a | b'\n")).not.toContain("DL4006");
  });

  test("DL3059 fires on consecutive small RUNs with the same flags", () => {
    expect(codes("FROM debian:12\nRUN a\nRUN b\n")).toContain("DL3059");
    expect(codes("FROM debian:12\nRUN a\nWORKDIR /x\nRUN b\n")).not.toContain("DL3059");
    expect(codes("FROM debian:12\nRUN a\nRUN --mount=type=cache,target=/c b\n")).not.toContain("DL3059");
    expect(codes("FROM debian:12\nRUN a && b && c\nRUN d\n")).not.toContain("DL3059");
  });

  test("DL3042 is satisfied by ENV PIP_NO_CACHE_DIR earlier in the stage", () => {
    expect(codes("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0\n")).not.toContain("DL3042");
    expect(
      codes("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install flask==3.0.0\n"),
    ).toContain("DL3042");
  });

  test("DL3009 only counts stages that end up in the image", () => {
    const builder =
      "FROM debian:12 AS build\nRUN apt-get update && apt-get " +
      "install -y --no-install-recommends gcc=1\nFROM " +
      "debian:12\nCOPY --from=build /x /x\n";
    expect(codes(builder)).not.toContain("DL3009");
    expect(codes(builder.replace("FROM debian:12\nCOPY", "FROM build\nCOPY"))).toContain("DL3009");
  });

  test("a non-POSIX SHELL or `# hadolint shell=` pragma turns the RUN rules off", () => {
    expect(codes('FROM mcr.microsoft.com/windows:1\nSHELL ["pwsh", "-c"]\nRUN cd x\n')).not.toContain("DL3003");
    expect(codes("FROM mcr.microsoft.com/windows:1\n# hadolint shell=powershell\nRUN cd x\n")).not.toContain("DL3003");
  });
});
