// Every rule that reads RUN scripts: fires on a bad snippet, stays quiet on a good one,
// and (where hadolint does) fires the same way inside ONBUILD.
import { describe, expect, test } from "vitest";
import { ruleMeta } from "../../../scripts/lint/rules/index.ts";
import { codes, inStage } from "./helpers.ts";

interface Case {
  code: string;
  fires: string[];
  passes: string[];
}

const cases: Case[] = [
  { code: "DL3001", fires: ["RUN ssh user@host", "RUN apt-get update && vim x", "RUN service nginx start"], passes: ["RUN echo ssh", "RUN apt-get install -y openssh-client"] },
  { code: "DL3003", fires: ["RUN cd /tmp && make", "RUN (cd /x; make)"], passes: ["RUN make -C /tmp", "RUN echo cd"] },
  { code: "DL3004", fires: ["RUN sudo apt-get update", "RUN true && sudo make install"], passes: ["RUN echo sudo", "RUN gosu app make"] },
  { code: "DL3008", fires: ["RUN apt-get install -y curl", "RUN apt-get install -y curl=7.88.1 wget"], passes: ["RUN apt-get install -y curl=7.88.1-10", "RUN apt-get install -y ./local.deb", "RUN apt-get install -y -t bookworm-backports curl=1.0"] },
  { code: "DL3009", fires: ["RUN apt-get update && apt-get install -y --no-install-recommends curl=1"], passes: ["RUN apt-get update && apt-get install -y curl=1 && rm -rf /var/lib/apt/lists/*", "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update", "RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update"] },
  { code: "DL3013", fires: ["RUN pip install flask", "RUN pip3 install --no-cache-dir flask requests==2.0", "RUN python3 -m pip install flask"], passes: ["RUN pip install flask==3.0.0", "RUN pip install -r requirements.txt", "RUN pip install .", "RUN pip install ./dist/app.whl", "RUN pip install -c constraints.txt flask"] },
  { code: "DL3014", fires: ["RUN apt-get install curl=1"], passes: ["RUN apt-get install -y curl=1", "RUN apt-get install --yes curl=1", "RUN apt-get -qq install curl=1"] },
  { code: "DL3015", fires: ["RUN apt-get install -y curl=1"], passes: ["RUN apt-get install -y --no-install-recommends curl=1", "RUN apt-get install -y -o APT::Install-Recommends=false curl=1"] },
  { code: "DL3016", fires: ["RUN npm install express", "RUN npm install -g @scope/tool"], passes: ["RUN npm install", "RUN npm install express@4.18.2", "RUN npm install @scope/tool@1.0.0", "RUN npm install ./local", "RUN npm ci"] },
  { code: "DL3018", fires: ["RUN apk add --no-cache curl"], passes: ["RUN apk add --no-cache curl=8.5.0-r0", "RUN apk add --no-cache --virtual .deps curl=8"] },
  { code: "DL3019", fires: ["RUN apk add curl=8"], passes: ["RUN apk add --no-cache curl=8"] },
  { code: "DL3027", fires: ["RUN apt install -y curl"], passes: ["RUN apt-get install -y curl=1", "RUN apt-cache policy curl"] },
  { code: "DL3028", fires: ["RUN gem install rails"], passes: ["RUN gem install rails:7.1.0", "RUN gem install rails -v 7.1.0"] },
  { code: "DL3030", fires: ["RUN yum install httpd-2.4"], passes: ["RUN yum install -y httpd-2.4", "RUN yum install --assumeyes httpd-2.4"] },
  { code: "DL3032", fires: ["RUN yum install -y httpd-2.4"], passes: ["RUN yum install -y httpd-2.4 && yum clean all"] },
  { code: "DL3033", fires: ["RUN yum install -y httpd"], passes: ["RUN yum install -y httpd-2.4.57", "RUN yum install -y ./local.rpm"] },
  { code: "DL3034", fires: ["RUN zypper install httpd=2.4"], passes: ["RUN zypper install -y httpd=2.4", "RUN zypper --non-interactive install httpd=2.4"] },
  { code: "DL3035", fires: ["RUN zypper dist-upgrade -y", "RUN zypper dup -y"], passes: ["RUN zypper refresh"] },
  { code: "DL3036", fires: ["RUN zypper install -y httpd=2.4"], passes: ["RUN zypper install -y httpd=2.4 && zypper clean"] },
  { code: "DL3037", fires: ["RUN zypper install -y httpd"], passes: ["RUN zypper install -y httpd=2.4", "RUN zypper install -y 'httpd>=2.4'"] },
  { code: "DL3038", fires: ["RUN dnf install httpd-2.4", "RUN microdnf install httpd-2.4"], passes: ["RUN dnf install -y httpd-2.4"] },
  { code: "DL3040", fires: ["RUN dnf install -y httpd-2.4"], passes: ["RUN dnf install -y httpd-2.4 && dnf clean all"] },
  { code: "DL3041", fires: ["RUN dnf install -y httpd", "RUN dnf install -y @nodejs:20"], passes: ["RUN dnf install -y httpd-2.4.57"] },
  { code: "DL3042", fires: ["RUN pip install flask==3.0.0"], passes: ["RUN pip install --no-cache-dir flask==3.0.0", "RUN pipx install black==24.1.0", "RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.0"] },
  { code: "DL3046", fires: ["RUN useradd -u 123456789 app"], passes: ["RUN useradd -l -u 123456789 app", "RUN useradd -u 1000 app", "RUN useradd app"] },
  { code: "DL3047", fires: ["RUN wget https://example.com/x.tgz"], passes: ["RUN wget -q https://example.com/x.tgz", "RUN wget --progress=dot:giga https://example.com/x.tgz", "RUN wget -nv https://example.com/x.tgz"] },
  { code: "DL3060", fires: ["RUN yarn install"], passes: ["RUN yarn install && yarn cache clean"] },
  { code: "DL3062", fires: ["RUN go install example.com/tool", "RUN go install example.com/tool@latest"], passes: ["RUN go install example.com/tool@v1.2.3", "RUN go build ./..."] },
  { code: "DL4005", fires: ["RUN ln -sf /bin/bash /bin/sh"], passes: ["RUN ln -sf /usr/bin/python3 /usr/bin/python"] },
];

describe.each(cases)("$code", ({ code, fires, passes }) => {
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
    expect(codes("FROM debian:12 AS a\nRUN curl -o a https://x\nFROM debian:12\nRUN wget -q https://y\n")).not.toContain("DL4001");
  });

  test("DL4006 fires on a pipe without pipefail; SHELL -o pipefail and a new stage reset it", () => {
    expect(codes("FROM debian:12\nRUN curl -s https://x | sh\n")).toContain("DL4006");
    expect(codes('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -s https://x | sh\n')).not.toContain("DL4006");
    expect(codes('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM debian:12\nRUN a | b\n')).toContain("DL4006");
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
    expect(codes("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install flask==3.0.0\n")).toContain("DL3042");
  });

  test("DL3009 only counts stages that end up in the image", () => {
    const builder = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=1\nFROM debian:12\nCOPY --from=build /x /x\n";
    expect(codes(builder)).not.toContain("DL3009");
    expect(codes(builder.replace("FROM debian:12\nCOPY", "FROM build\nCOPY"))).toContain("DL3009");
  });

  test("a non-POSIX SHELL or `# hadolint shell=` pragma turns the RUN rules off", () => {
    expect(codes('FROM mcr.microsoft.com/windows:1\nSHELL ["pwsh", "-c"]\nRUN cd x\n')).not.toContain("DL3003");
    expect(codes("FROM mcr.microsoft.com/windows:1\n# hadolint shell=powershell\nRUN cd x\n")).not.toContain("DL3003");
  });
});
