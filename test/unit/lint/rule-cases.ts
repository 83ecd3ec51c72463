// The fire/pass table of every rule: data the rule tests run and the docs test checks for coverage.
import type { LintConfig } from "../../../scripts/lint/types.ts";

export interface RuleCase {
  code: string;
  /** Dockerfiles (for runCases: RUN snippets) the rule must fire on. */
  fires: string[];
  passes: string[];
  config?: Partial<LintConfig>;
}

/** RUN snippets, each put in a minimal stage (and behind ONBUILD where hadolint checks there). */
export const runCases: RuleCase[] = [
  {
    code: "DL3001",
    fires: ["RUN ssh user@host", "RUN apt-get update && vim x", "RUN service nginx start"],
    passes: ["RUN echo ssh", "RUN apt-get install -y openssh-client"],
  },
  { code: "DL3003", fires: ["RUN cd /tmp && make", "RUN (cd /x; make)"], passes: ["RUN make -C /tmp", "RUN echo cd"] },
  {
    code: "DL3004",
    fires: ["RUN sudo apt-get update", "RUN true && sudo make install"],
    passes: ["RUN echo sudo", "RUN gosu app make"],
  },
  {
    code: "DL3008",
    fires: ["RUN apt-get install -y curl", "RUN apt-get install -y curl=7.88.1 wget"],
    passes: [
      "RUN apt-get install -y curl=7.88.1-10",
      "RUN apt-get install -y ./local.deb",
      "RUN apt-get install -y -t bookworm-backports curl=1.0",
    ],
  },
  {
    code: "DL3009",
    fires: ["RUN apt-get update && apt-get install -y --no-install-recommends curl=1"],
    passes: [
      "RUN apt-get update && apt-get install -y curl=1 && rm -rf /var/lib/apt/lists/*",
      "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update",
      "RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update",
    ],
  },
  {
    code: "DL3013",
    fires: [
      "RUN pip install flask",
      "RUN pip3 install --no-cache-dir flask requests==2.0",
      "RUN python3 -m pip install flask",
    ],
    passes: [
      "RUN pip install flask==3.0.0",
      "RUN pip install -r requirements.txt",
      "RUN pip install .",
      "RUN pip install ./dist/app.whl",
      "RUN pip install -c constraints.txt flask",
    ],
  },
  {
    code: "DL3014",
    fires: ["RUN apt-get install curl=1"],
    passes: ["RUN apt-get install -y curl=1", "RUN apt-get install --yes curl=1", "RUN apt-get -qq install curl=1"],
  },
  {
    code: "DL3015",
    fires: ["RUN apt-get install -y curl=1"],
    passes: [
      "RUN apt-get install -y --no-install-recommends curl=1",
      "RUN apt-get install -y -o APT::Install-Recommends=false curl=1",
    ],
  },
  {
    code: "DL3016",
    fires: ["RUN npm install express", "RUN npm install -g @scope/tool"],
    passes: [
      "RUN npm install",
      "RUN npm install express@4.18.2",
      "RUN npm install @scope/tool@1.0.0",
      "RUN npm install ./local",
      "RUN npm ci",
    ],
  },
  {
    code: "DL3018",
    fires: ["RUN apk add --no-cache curl"],
    passes: ["RUN apk add --no-cache curl=8.5.0-r0", "RUN apk add --no-cache --virtual .deps curl=8"],
  },
  { code: "DL3019", fires: ["RUN apk add curl=8"], passes: ["RUN apk add --no-cache curl=8"] },
  {
    code: "DL3027",
    fires: ["RUN apt install -y curl"],
    passes: ["RUN apt-get install -y curl=1", "RUN apt-cache policy curl"],
  },
  {
    code: "DL3028",
    fires: ["RUN gem install rails"],
    passes: ["RUN gem install rails:7.1.0", "RUN gem install rails -v 7.1.0"],
  },
  {
    code: "DL3030",
    fires: ["RUN yum install httpd-2.4"],
    passes: ["RUN yum install -y httpd-2.4", "RUN yum install --assumeyes httpd-2.4"],
  },
  {
    code: "DL3032",
    fires: ["RUN yum install -y httpd-2.4"],
    passes: ["RUN yum install -y httpd-2.4 && yum clean all"],
  },
  {
    code: "DL3033",
    fires: ["RUN yum install -y httpd"],
    passes: ["RUN yum install -y httpd-2.4.57", "RUN yum install -y ./local.rpm"],
  },
  {
    code: "DL3034",
    fires: ["RUN zypper install httpd=2.4"],
    passes: ["RUN zypper install -y httpd=2.4", "RUN zypper --non-interactive install httpd=2.4"],
  },
  { code: "DL3035", fires: ["RUN zypper dist-upgrade -y", "RUN zypper dup -y"], passes: ["RUN zypper refresh"] },
  {
    code: "DL3036",
    fires: ["RUN zypper install -y httpd=2.4"],
    passes: ["RUN zypper install -y httpd=2.4 && zypper clean"],
  },
  {
    code: "DL3037",
    fires: ["RUN zypper install -y httpd"],
    passes: ["RUN zypper install -y httpd=2.4", "RUN zypper install -y 'httpd>=2.4'"],
  },
  {
    code: "DL3038",
    fires: ["RUN dnf install httpd-2.4", "RUN microdnf install httpd-2.4"],
    passes: ["RUN dnf install -y httpd-2.4"],
  },
  {
    code: "DL3040",
    fires: ["RUN dnf install -y httpd-2.4"],
    passes: ["RUN dnf install -y httpd-2.4 && dnf clean all"],
  },
  {
    code: "DL3041",
    fires: ["RUN dnf install -y httpd", "RUN dnf install -y @nodejs:20"],
    passes: ["RUN dnf install -y httpd-2.4.57"],
  },
  {
    code: "DL3042",
    fires: ["RUN pip install flask==3.0.0"],
    passes: [
      "RUN pip install --no-cache-dir flask==3.0.0",
      "RUN pipx install black==24.1.0",
      "RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.0",
    ],
  },
  {
    code: "DL3046",
    fires: ["RUN useradd -u 123456789 app"],
    passes: ["RUN useradd -l -u 123456789 app", "RUN useradd -u 1000 app", "RUN useradd app"],
  },
  {
    code: "DL3047",
    fires: ["RUN wget https://example.com/x.tgz"],
    passes: [
      "RUN wget -q https://example.com/x.tgz",
      "RUN wget --progress=dot:giga https://example.com/x.tgz",
      "RUN wget -nv https://example.com/x.tgz",
    ],
  },
  { code: "DL3060", fires: ["RUN yarn install"], passes: ["RUN yarn install && yarn cache clean"] },
  {
    code: "DL3062",
    fires: ["RUN go install example.com/tool", "RUN go install example.com/tool@latest"],
    passes: ["RUN go install example.com/tool@v1.2.3", "RUN go build ./..."],
  },
  { code: "DL4005", fires: ["RUN ln -sf /bin/bash /bin/sh"], passes: ["RUN ln -sf /usr/bin/python3 /usr/bin/python"] },
];

/** Whole Dockerfiles, for the rules over instructions, stages, labels, policy and several RUNs. */
export const from = "FROM debian:12\n";

const instructionCases: RuleCase[] = [
  {
    code: "DL3000",
    fires: [`${from}WORKDIR app`],
    passes: [`${from}WORKDIR /app`, `${from}WORKDIR $HOME/app`, `${from}WORKDIR "/app"`],
  },
  {
    code: "DL3002",
    fires: [`${from}USER root`, `${from}USER app\nUSER 0:0`],
    passes: [`${from}USER root\nRUN x\nUSER app`, `${from}USER 10001`],
  },
  {
    code: "DL3006",
    fires: ["FROM debian", "FROM ghcr.io/acme/base"],
    passes: ["FROM debian:12", "FROM scratch", "FROM debian@sha256:abc", "FROM debian:12 AS a\nFROM a", "FROM ${BASE}"],
  },
  { code: "DL3007", fires: ["FROM debian:latest"], passes: ["FROM debian:12"] },
  {
    code: "DL3010",
    fires: [`${from}COPY app.tar.gz /opt/`],
    passes: [`${from}ADD app.tar.gz /opt/`, `${from}COPY app.js /opt/`],
  },
  {
    code: "DL3011",
    fires: [`${from}EXPOSE 80000`, `${from}EXPOSE 80-70000/tcp`],
    passes: [`${from}EXPOSE 8080/tcp 53/udp`, `${from}EXPOSE $PORT`],
  },
  {
    code: "DL3012",
    fires: [`${from}HEALTHCHECK CMD a\nHEALTHCHECK CMD b`],
    passes: [`${from}HEALTHCHECK CMD a`, `${from}HEALTHCHECK CMD a\nFROM debian:12\nHEALTHCHECK CMD b`],
  },
  {
    code: "DL3020",
    fires: [`${from}ADD app.js /opt/`],
    passes: [`${from}ADD https://example.com/x.js /opt/`, `${from}ADD rootfs.tar.xz /`],
  },
  { code: "DL3021", fires: [`${from}COPY a b /opt`], passes: [`${from}COPY a b /opt/`, `${from}COPY a /opt`] },
  {
    code: "DL3022",
    fires: [`${from}COPY --from=build /a /a`],
    passes: [
      "FROM debian:12 AS build\nFROM debian:12\nCOPY --from=build /a /a",
      "FROM debian:12\nFROM debian:12\nCOPY --from=0 /a /a",
      `${from}COPY --from=nginx:1.25 /etc/nginx /etc/nginx`,
    ],
  },
  {
    code: "DL3023",
    fires: ["FROM debian:12 AS app\nCOPY --from=app /a /b"],
    passes: ["FROM debian:12 AS build\nFROM debian:12 AS app\nCOPY --from=build /a /b"],
  },
  {
    code: "DL3024",
    fires: ["FROM debian:12 AS a\nFROM debian:12 AS a"],
    passes: ["FROM debian:12 AS a\nFROM debian:12 AS b"],
  },
  {
    code: "DL3025",
    fires: [`${from}CMD node server.js`, `${from}ENTRYPOINT ["a", "b"`],
    passes: [`${from}CMD ["node", "server.js"]`, `${from}ENTRYPOINT ["tini", "--"]`],
  },
  {
    code: "DL3026",
    fires: ["FROM quay.io/x/y:1", "FROM debian:12"],
    passes: ["FROM ghcr.io/acme/x:1", "FROM eu.gcr.io/x:1", "FROM scratch", "FROM ghcr.io/acme/x:1 AS a\nFROM a"],
    config: { trustedRegistries: ["ghcr.io", "*.gcr.io"] },
  },
  { code: "DL3029", fires: ["FROM --platform=linux/amd64 debian:12"], passes: ["FROM debian:12"] },
  {
    code: "DL3043",
    fires: [`${from}ONBUILD ONBUILD RUN x`, `${from}ONBUILD FROM debian:12`],
    passes: [`${from}ONBUILD RUN x`],
  },
  {
    code: "DL3044",
    fires: [`${from}ENV A=1 B=$A`, `${from}ENV A=1 B="\${A}/x"`],
    passes: [`${from}ENV A=1\nENV B=$A`, `${from}ENV AB=1 B=$ABC`],
  },
  {
    code: "DL3045",
    fires: [`${from}COPY a.txt app/`],
    passes: [
      `${from}WORKDIR /app\nCOPY a.txt app/`,
      `${from}COPY a.txt /app/`,
      "FROM debian:12 AS a\nWORKDIR /x\nFROM a\nCOPY a.txt app/",
    ],
  },
  {
    code: "DL3048",
    fires: [`${from}LABEL Foo=bar`, `${from}LABEL com.docker.x=1`, `${from}LABEL a..b=1`],
    passes: [`${from}LABEL org.opencontainers.image.title=x`],
  },
  { code: "DL3061", fires: ["RUN x\nFROM debian:12"], passes: ["ARG V=1\nFROM debian:$V"] },
  {
    code: "DL3064",
    fires: [`${from}ENV GITHUB_TOKEN=x`, `${from}ARG db_password`],
    passes: [`${from}ENV PORT=80`, `${from}ARG VERSION`],
  },
  { code: "DL3065", fires: ["FROM --platform=$TARGETPLATFORM debian:12"], passes: ["FROM debian:12"] },
  { code: "DL3066", fires: [`${from}USER app`], passes: [`${from}USER 10001:10001`] },
  {
    code: "DL3067",
    fires: ["FROM debian:12 AS a\nFROM scratch\nCOPY --from=a / /"],
    passes: ["FROM debian:12 AS a\nFROM scratch\nCOPY --from=a /bin /bin"],
  },
  { code: "DL4000", fires: [`${from}MAINTAINER me`], passes: [`${from}LABEL org.opencontainers.image.authors=me`] },
  { code: "DL4003", fires: [`${from}CMD ["a"]\nCMD ["b"]`], passes: [`${from}CMD ["a"]\nFROM debian:12\nCMD ["b"]`] },
  { code: "DL4004", fires: [`${from}ENTRYPOINT ["a"]\nENTRYPOINT ["b"]`], passes: [`${from}ENTRYPOINT ["a"]`] },
  {
    code: "DL1000",
    fires: [
      "FROM debian:12\nFOO bar",
      "",
      "FROM debian:12\nRUN <<EOF\necho hi\n",
      "FROM debian:12\nCOPY onlyone",
      "FROM\n",
      "\u0000\u0001binary",
    ],
    passes: [from],
  },
  // hadolint-off-by-default rules, switched on to check them.
  { code: "DL3057", fires: [from], passes: [`${from}HEALTHCHECK CMD x`], config: { override: { info: ["DL3057"] } } },
  { code: "DL3063", fires: [from], passes: [`${from}USER 10001`], config: { override: { info: ["DL3063"] } } },
  {
    code: "DL1001",
    fires: [`# hadolint ignore=DL3003\n${from}`],
    passes: [from],
    config: { override: { info: ["DL1001"] } },
  },
];

const schema: Partial<LintConfig> = {
  labelSchema: {
    version: "semver",
    url: "url",
    created: "rfc3339",
    license: "spdx",
    rev: "hash",
    mail: "email",
    title: "text",
  },
};
const labelCases: RuleCase[] = [
  {
    code: "DL3049",
    fires: [`${from}LABEL version=1.0.0`],
    passes: [
      `${from}LABEL version=1.0.0 url=https://x.io ` +
        `created=2024-01-01T00:00:00Z license=MIT rev=abcdef1 ` +
        `mail=a@b.io title=x`,
    ],
    config: { labelSchema: { version: "semver", title: "text" } },
  },
  {
    code: "DL3050",
    fires: [`${from}LABEL other=1`],
    passes: [`${from}LABEL version=1.0.0`],
    config: { ...schema, strictLabels: true },
  },
  { code: "DL3051", fires: [`${from}LABEL title=""`], passes: [`${from}LABEL title=x`], config: schema },
  {
    code: "DL3052",
    fires: [`${from}LABEL url=not-a-url`],
    passes: [`${from}LABEL url=https://github.com/acme/x`],
    config: schema,
  },
  {
    code: "DL3053",
    fires: [`${from}LABEL created=yesterday`],
    passes: [`${from}LABEL created=2024-01-01T10:00:00+02:00`],
    config: schema,
  },
  {
    code: "DL3054",
    fires: [`${from}LABEL license=MyLicense`, `${from}LABEL license="MIT OR Apache-2.0"`],
    passes: [`${from}LABEL license=PostgreSQL`, `${from}LABEL license=MIT-0`],
    config: schema,
  },
  {
    code: "DL3055",
    fires: [`${from}LABEL rev=xyz`],
    passes: [`${from}LABEL rev=0123456789abcdef0123456789abcdef01234567`],
    config: schema,
  },
  { code: "DL3056", fires: [`${from}LABEL version=v1`], passes: [`${from}LABEL version=1.2.3-rc.1`], config: schema },
  {
    code: "DL3058",
    fires: [`${from}LABEL mail=nobody`],
    passes: [`${from}LABEL mail=team@example.com`],
    config: schema,
  },
];

const policyGood = [
  "# syntax=docker/dockerfile:1.7@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "FROM debian:12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  ...["title", "description", "version", "revision", "created", "source"].map(
    (key) => `LABEL org.opencontainers.image.${key}=x`,
  ),
  "USER 10001:10001",
  'HEALTHCHECK CMD ["/app", "health"]',
  'ENTRYPOINT ["tini", "--"]',
  'CMD ["/app"]',
].join("\n");

const policyCases: RuleCase[] = [
  {
    code: "IMG001",
    fires: [from, `${from}USER app\nUSER root`],
    passes: [policyGood, `${from}USER root\nRUN x\nUSER app`],
  },
  {
    code: "IMG002",
    fires: [from, `${from}ENTRYPOINT ["/app"]`],
    passes: [
      policyGood,
      `${from}ENTRYPOINT ["/usr/bin/dumb-init", "--"]`,
      "ARG BASE=ghcr.io/acme/base:1\nFROM ${BASE}",
    ],
    config: { inheritFrom: ["ghcr.io/acme/*"] },
  },
  { code: "IMG003", fires: [from, `${from}HEALTHCHECK NONE`], passes: [policyGood] },
  {
    code: "IMG004",
    fires: ["FROM debian", "FROM debian:latest", "ARG BASE=debian\nFROM $BASE"],
    passes: [policyGood, "FROM debian:12", "FROM scratch", "FROM $UNKNOWN"],
  },
  { code: "IMG005", fires: ["FROM debian:12"], passes: [policyGood] },
  {
    code: "IMG006",
    fires: [`${from}ENV DB_PASSWORD=x`, `${from}ARG NPM_TOKEN`, `${from}ONBUILD ARG API_KEY`],
    passes: [`${from}ENV PASSWORD_FILE=/run/secrets/db`, `${from}ENV PORT=80`],
  },
  {
    code: "IMG007",
    fires: [
      `${from}ENV X=AKIAABCDEFGHIJKLMNOP`,
      `${from}LABEL a=ghp_abcdefghijklmnopqrstuvwxyz0123456789`,
      `${from}ENV DB=postgres://user:hunter2@db/x`,
    ],
    passes: [`${from}ENV URL=https://example.com/x`, `${from}ENV DB=postgres://db/x`],
  },
  { code: "IMG008", fires: [from], passes: [policyGood] },
  {
    code: "IMG010",
    fires: [
      `${from}# hadolint ignore=DL3003\nRUN cd /x`,
      `${from}# hadolint ignore=DL3003 reason: no hash sign\nRUN cd /x`,
      `# hadolint global ignore=DL3003\n${from}`,
    ],
    passes: [
      `${from}# hadolint ignore=DL3003 # build dir only\nRUN cd /x`,
      `${from}# hadolint shell=bash`,
      `${from}# plain comment`,
    ],
  },
  { code: "IMG009", fires: [`# syntax=docker/dockerfile:1\n${from}`], passes: [policyGood, from] },
];

const multiRunCases: RuleCase[] = [
  {
    code: "DL4001",
    fires: [`${from}RUN curl -o a https://x\nRUN wget -q https://y`],
    passes: ["FROM debian:12 AS a\nRUN curl -o a https://x\nFROM debian:12\nRUN wget -q https://y"],
  },
  {
    code: "DL4006",
    fires: [`${from}RUN curl -s https://x | sh`],
    passes: [`${from}RUN a || b`, `${from}SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b`],
  },
  {
    code: "DL3059",
    fires: [`${from}RUN a\nRUN b`],
    passes: [`${from}RUN a\nWORKDIR /x\nRUN b`, `${from}RUN a && b && c\nRUN d`],
  },
];

export const dockerfileCases: RuleCase[] = [...instructionCases, ...labelCases, ...policyCases, ...multiRunCases];
