// Rules over single instructions, stages and labels: each fires on a bad Dockerfile and passes a good one.
import { describe, expect, test } from "vitest";
import { codes } from "./helpers.ts";
import type { LintConfig } from "../../../scripts/lint/types.ts";

interface Case {
  code: string;
  fires: string[];
  passes: string[];
  config?: Partial<LintConfig>;
}

const from = "FROM debian:12\n";

const cases: Case[] = [
  { code: "DL3000", fires: [`${from}WORKDIR app`], passes: [`${from}WORKDIR /app`, `${from}WORKDIR $HOME/app`, `${from}WORKDIR "/app"`] },
  { code: "DL3002", fires: [`${from}USER root`, `${from}USER app\nUSER 0:0`], passes: [`${from}USER root\nRUN x\nUSER app`, `${from}USER 10001`] },
  { code: "DL3006", fires: ["FROM debian", "FROM ghcr.io/acme/base"], passes: ["FROM debian:12", "FROM scratch", "FROM debian@sha256:abc", "FROM debian:12 AS a\nFROM a", "FROM ${BASE}"] },
  { code: "DL3007", fires: ["FROM debian:latest"], passes: ["FROM debian:12"] },
  { code: "DL3010", fires: [`${from}COPY app.tar.gz /opt/`], passes: [`${from}ADD app.tar.gz /opt/`, `${from}COPY app.js /opt/`] },
  { code: "DL3011", fires: [`${from}EXPOSE 80000`, `${from}EXPOSE 80-70000/tcp`], passes: [`${from}EXPOSE 8080/tcp 53/udp`, `${from}EXPOSE $PORT`] },
  { code: "DL3012", fires: [`${from}HEALTHCHECK CMD a\nHEALTHCHECK CMD b`], passes: [`${from}HEALTHCHECK CMD a`, `${from}HEALTHCHECK CMD a\nFROM debian:12\nHEALTHCHECK CMD b`] },
  { code: "DL3020", fires: [`${from}ADD app.js /opt/`], passes: [`${from}ADD https://example.com/x.js /opt/`, `${from}ADD rootfs.tar.xz /`] },
  { code: "DL3021", fires: [`${from}COPY a b /opt`], passes: [`${from}COPY a b /opt/`, `${from}COPY a /opt`] },
  { code: "DL3022", fires: [`${from}COPY --from=build /a /a`], passes: ["FROM debian:12 AS build\nFROM debian:12\nCOPY --from=build /a /a", "FROM debian:12\nFROM debian:12\nCOPY --from=0 /a /a", `${from}COPY --from=nginx:1.25 /etc/nginx /etc/nginx`] },
  { code: "DL3023", fires: ["FROM debian:12 AS app\nCOPY --from=app /a /b"], passes: ["FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /a /b"] },
  { code: "DL3024", fires: ["FROM debian:12 AS a\nFROM debian:12 AS a"], passes: ["FROM debian:12 AS a\nFROM debian:12 AS b"] },
  { code: "DL3025", fires: [`${from}CMD node server.js`, `${from}ENTRYPOINT ["a", "b"`], passes: [`${from}CMD ["node", "server.js"]`, `${from}ENTRYPOINT ["tini", "--"]`] },
  { code: "DL3026", fires: ["FROM quay.io/x/y:1", "FROM debian:12"], passes: ["FROM ghcr.io/acme/x:1", "FROM eu.gcr.io/x:1", "FROM scratch", "FROM ghcr.io/acme/x:1 AS a\nFROM a"], config: { trustedRegistries: ["ghcr.io", "*.gcr.io"] } },
  { code: "DL3029", fires: ["FROM --platform=linux/amd64 debian:12"], passes: ["FROM debian:12"] },
  { code: "DL3043", fires: [`${from}ONBUILD ONBUILD RUN x`, `${from}ONBUILD FROM debian:12`], passes: [`${from}ONBUILD RUN x`] },
  { code: "DL3044", fires: [`${from}ENV A=1 B=$A`, `${from}ENV A=1 B="\${A}/x"`], passes: [`${from}ENV A=1\nENV B=$A`, `${from}ENV AB=1 B=$ABC`] },
  { code: "DL3045", fires: [`${from}COPY a.txt app/`], passes: [`${from}WORKDIR /app\nCOPY a.txt app/`, `${from}COPY a.txt /app/`, "FROM debian:12 AS a\nWORKDIR /x\nFROM a\nCOPY a.txt app/"] },
  { code: "DL3048", fires: [`${from}LABEL Foo=bar`, `${from}LABEL com.docker.x=1`, `${from}LABEL a..b=1`], passes: [`${from}LABEL org.opencontainers.image.title=x`] },
  { code: "DL3061", fires: ["RUN x\nFROM debian:12"], passes: ["ARG V=1\nFROM debian:$V"] },
  { code: "DL3064", fires: [`${from}ENV GITHUB_TOKEN=x`, `${from}ARG db_password`], passes: [`${from}ENV PORT=80`, `${from}ARG VERSION`] },
  { code: "DL3065", fires: ["FROM --platform=$TARGETPLATFORM debian:12"], passes: ["FROM debian:12"] },
  { code: "DL3066", fires: [`${from}USER app`], passes: [`${from}USER 10001:10001`] },
  { code: "DL3067", fires: ["FROM debian:12 AS a\nFROM scratch\nCOPY --from=a / /"], passes: ["FROM debian:12 AS a\nFROM scratch\nCOPY --from=a /bin /bin"] },
  { code: "DL4000", fires: [`${from}MAINTAINER me`], passes: [`${from}LABEL org.opencontainers.image.authors=me`] },
  { code: "DL4003", fires: [`${from}CMD ["a"]\nCMD ["b"]`], passes: [`${from}CMD ["a"]\nFROM debian:12\nCMD ["b"]`] },
  { code: "DL4004", fires: [`${from}ENTRYPOINT ["a"]\nENTRYPOINT ["b"]`], passes: [`${from}ENTRYPOINT ["a"]`] },
  { code: "DL1000", fires: ["FROM debian:12\nFOO bar", "", "FROM debian:12\nRUN <<EOF\necho hi\n", "FROM debian:12\nCOPY onlyone", "FROM\n", "\u0000\u0001binary"], passes: [from] },
  // hadolint-off-by-default rules, switched on to check them.
  { code: "DL3057", fires: [from], passes: [`${from}HEALTHCHECK CMD x`], config: { override: { info: ["DL3057"] } } },
  { code: "DL3063", fires: [from], passes: [`${from}USER 10001`], config: { override: { info: ["DL3063"] } } },
  { code: "DL1001", fires: [`# hadolint ignore=DL3003\n${from}`], passes: [from], config: { override: { info: ["DL1001"] } } },
];

const schema: Partial<LintConfig> = { labelSchema: { version: "semver", url: "url", created: "rfc3339", license: "spdx", rev: "hash", mail: "email", title: "text" } };
const labelCases: Case[] = [
  { code: "DL3049", fires: [`${from}LABEL version=1.0.0`], passes: [`${from}LABEL version=1.0.0 url=https://x.io created=2024-01-01T00:00:00Z license=MIT rev=abcdef1 mail=a@b.io title=x`], config: { labelSchema: { version: "semver", title: "text" } } },
  { code: "DL3050", fires: [`${from}LABEL other=1`], passes: [`${from}LABEL version=1.0.0`], config: { ...schema, strictLabels: true } },
  { code: "DL3051", fires: [`${from}LABEL title=""`], passes: [`${from}LABEL title=x`], config: schema },
  { code: "DL3052", fires: [`${from}LABEL url=not-a-url`], passes: [`${from}LABEL url=https://github.com/acme/x`], config: schema },
  { code: "DL3053", fires: [`${from}LABEL created=yesterday`], passes: [`${from}LABEL created=2024-01-01T10:00:00+02:00`], config: schema },
  { code: "DL3054", fires: [`${from}LABEL license=MyLicense`, `${from}LABEL license="MIT OR Apache-2.0"`], passes: [`${from}LABEL license=PostgreSQL`, `${from}LABEL license=MIT-0`], config: schema },
  { code: "DL3055", fires: [`${from}LABEL rev=xyz`], passes: [`${from}LABEL rev=0123456789abcdef0123456789abcdef01234567`], config: schema },
  { code: "DL3056", fires: [`${from}LABEL version=v1`], passes: [`${from}LABEL version=1.2.3-rc.1`], config: schema },
  { code: "DL3058", fires: [`${from}LABEL mail=nobody`], passes: [`${from}LABEL mail=team@example.com`], config: schema },
];

const policyGood = [
  "# syntax=docker/dockerfile:1.7@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "FROM debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  ...["title", "description", "version", "revision", "created", "source"].map((key) => `LABEL org.opencontainers.image.${key}=x`),
  "USER 10001:10001",
  'HEALTHCHECK CMD ["/app", "health"]',
  'ENTRYPOINT ["tini", "--"]',
  'CMD ["/app"]',
].join("\n");

const policyCases: Case[] = [
  { code: "IMG001", fires: [from, `${from}USER app\nUSER root`], passes: [policyGood, `${from}USER root\nRUN x\nUSER app`] },
  { code: "IMG002", fires: [from, `${from}ENTRYPOINT ["/app"]`], passes: [policyGood, `${from}ENTRYPOINT ["/usr/bin/dumb-init", "--"]`, "ARG BASE=ghcr.io/acme/base:1\nFROM ${BASE}"], config: { inheritFrom: ["ghcr.io/acme/*"] } },
  { code: "IMG003", fires: [from, `${from}HEALTHCHECK NONE`], passes: [policyGood] },
  { code: "IMG004", fires: ["FROM debian", "FROM debian:latest", "ARG BASE=debian\nFROM $BASE"], passes: [policyGood, "FROM debian:12", "FROM scratch", "FROM $UNKNOWN"] },
  { code: "IMG005", fires: ["FROM debian:12"], passes: [policyGood] },
  { code: "IMG006", fires: [`${from}ENV DB_PASSWORD=x`, `${from}ARG NPM_TOKEN`, `${from}ONBUILD ARG API_KEY`], passes: [`${from}ENV PASSWORD_FILE=/run/secrets/db`, `${from}ENV PORT=80`] },
  { code: "IMG007", fires: [`${from}ENV X=AKIAABCDEFGHIJKLMNOP`, `${from}LABEL a=ghp_abcdefghijklmnopqrstuvwxyz0123456789`, `${from}ENV DB=postgres://user:hunter2@db/x`], passes: [`${from}ENV URL=https://example.com/x`, `${from}ENV DB=postgres://db/x`] },
  { code: "IMG008", fires: [from], passes: [policyGood] },
  { code: "IMG010", fires: [`${from}# hadolint ignore=DL3003\nRUN cd /x`, `${from}# hadolint ignore=DL3003 reason: no hash sign\nRUN cd /x`, `# hadolint global ignore=DL3003\n${from}`], passes: [`${from}# hadolint ignore=DL3003 # build dir only\nRUN cd /x`, `${from}# hadolint shell=bash`, `${from}# plain comment`] },
  { code: "IMG009", fires: [`# syntax=docker/dockerfile:1\n${from}`], passes: [policyGood, from] },
];

describe.each([...cases, ...labelCases, ...policyCases])("$code", ({ code, fires, passes, config }) => {
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
