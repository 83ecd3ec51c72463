// metadata-action's README, continued: global expressions, dates, the images and flavor inputs,
// labels and annotations, and the outputs (bake file, json) — one row per documented example.
import { describe, expect, test } from "vitest";
import { parseImages } from "../../../scripts/tags/images.ts";
import { bakeFiles, defaultOutputSettings, jsonOutput, textOutputs } from "../../../scripts/tags/outputs.ts";
import { pullRequest, push, pushTag, readmePlan, readmeTags, sha, type Trigger } from "./readme-cases.ts";

describe("Global expressions", () => {
  test.each<[string, string, Trigger, string]>([
    ["branch", "pull_request", pullRequest(2), ""],
    ["branch", "push master", push("master"), "master"],
    ["branch", "push my/branch", push("my/branch"), "my/branch"],
    ["branch", "push tag", pushTag("v1.2.3"), ""],
    ["tag", "pull_request", pullRequest(2), ""],
    ["tag", "push master", push("master"), ""],
    ["tag", "push my/branch", push("my/branch"), ""],
    ["tag", "push tag", pushTag("v1.2.3"), "v1.2.3"],
    ["sha", "push master", push("master"), "860c190"],
    ["base_ref", "pull_request", pullRequest(2), "master"],
    ["base_ref", "push master", push("master"), ""],
    ["base_ref", "push my/branch", push("my/branch"), ""],
    ["base_ref", "push tag", pushTag("v1.2.3"), "master"],
    ["is_default_branch", "push master", push("master"), "true"],
    ["is_default_branch", "push dev", push("dev"), "false"],
    ["is_not_default_branch", "push master", push("master"), "false"],
    ["is_not_default_branch", "push dev", push("dev"), "true"],
    ["is_not_default_branch", "push tag", pushTag("v1.2.3"), "true"],
  ])("{{%s}} on %s → %j", (name, _event, trigger, expected) => {
    // A label shows the expression before tag sanitising (my/branch keeps its slash).
    const { plan } = readmePlan(trigger, { tags: ["type=raw,value=x"], labels: [`expr=${name}:{{${name}}}`] });
    expect(plan.labels.expr).toBe(`${name}:${expected}`);
  });

  test("{{is_not_default_branch}} enables a rule off the default branch only", () => {
    const rules = ["type=ref,event=branch", "type=raw,value=dev-build,enable={{is_not_default_branch}}"];
    expect(readmeTags(push("dev"), { tags: rules })).toEqual(["dev", "dev-build"]);
    expect(readmeTags(push("master"), { tags: rules })).toEqual(["master"]);
  });
});

describe("{{date}} and {{commit_date}}: moment's format tokens", () => {
  test.each([
    ["date", "YYYYMMDD", "", "2020-01-10T00:30:00Z", "20200110"],
    ["date", "dddd, MMMM Do YYYY, h:mm:ss a", "", "2020-01-10T15:25:50Z", "Friday, January 10th 2020, 3:25:50 pm"],
    ["date", "YYYYMMDD-HHmmss", " tz='Asia/Tokyo'", "2020-01-10T00:30:00Z", "20200110-093000"],
    ["commit_date", "YYYYMMDD", "", "2020-01-10T00:30:00Z", "20200110"],
    [
      "commit_date",
      "dddd, MMMM Do YYYY, h:mm:ss a",
      "",
      "2020-01-10T15:25:50Z",
      "Friday, January 10th 2020, 3:25:50 pm",
    ],
    ["commit_date", "YYYYMMDD-HHmmss", " tz='Asia/Tokyo'", "2020-01-10T00:30:00Z", "20200110-093000"],
    ["commit_date", "YYYY-MM-DDTHH:mm:ss.SSS[Z]", "", "2020-01-10T00:30:00Z", "2020-01-10T00:30:00.000Z"],
    ["date", "MMMYYYY", "", "2024-03-05T00:00:00Z", "Mar2024"],
    ["date", "Q-W-E-GGGG", "", "2024-03-05T00:00:00Z", "1-10-2-2024"],
    ["date", "YYYY-MM-DD zz", " tz='Asia/Tokyo'", "2024-03-05T00:00:00Z", "2024-03-05 JST"],
    ["date", "Ji YYYY", "", "2024-03-05T00:00:00Z", "Ji 2024"],
  ])("{{%s '%s'%s}} at %s → %s", (helper, format, tz, at, expected) => {
    // commit_date reads the commit's date, date the clock: each gets `at`, the other a different day.
    const other = new Date("1999-12-31T00:00:00Z");
    const run = helper === "date" ? { now: new Date(at), commitDate: other } : { now: other, commitDate: new Date(at) };
    const { plan } = readmePlan(push("master"), {
      ...run,
      tags: ["type=raw,value=x"],
      labels: [`d={{${helper} '${format}'${tz}}}`],
    });
    expect(plan.labels.d).toBe(expected);
  });

  test("commit_date falls back to the current date when the commit date is unknown", () => {
    const { plan } = readmePlan(push("master"), {
      tags: ["type=raw,value=x"],
      labels: ["d={{commit_date 'YYYYMMDD'}}"],
      now: new Date("2021-02-03T00:00:00Z"),
    });
    expect(plan.labels.d).toBe("20210203");
  });
});

describe("images input", () => {
  test.each([
    [
      ["name/foo\nghcr.io/name/bar"],
      [
        { name: "name/foo", enable: true },
        { name: "ghcr.io/name/bar", enable: true },
      ],
    ],
    [
      ["name=name/foo\nname=ghcr.io/name/bar"],
      [
        { name: "name/foo", enable: true },
        { name: "ghcr.io/name/bar", enable: true },
      ],
    ],
    [
      ["name/app,ghcr.io/name/app"],
      [
        { name: "name/app", enable: true },
        { name: "ghcr.io/name/app", enable: true },
      ],
    ],
    [
      ["name=ghcr.io/user/app,enable=false", "name/app"],
      [
        { name: "ghcr.io/user/app", enable: false },
        { name: "name/app", enable: true },
      ],
    ],
    [["name=name/app,enable=true"], [{ name: "name/app", enable: true }]],
    [
      ["moby/buildkit\n#comment\nghcr.io/moby/mbuildkit"],
      [
        { name: "moby/buildkit", enable: true },
        { name: "ghcr.io/moby/mbuildkit", enable: true },
      ],
    ],
    [[], []],
  ])("%j", (input, expected) => {
    expect(parseImages(input)).toEqual(expected);
  });

  test.each([
    [["name=,enable=true"], /image entry "name=,enable=true" has no name/],
    [["name=a,enable=maybe"], /enable must be true or false in image entry/],
    [["name=a,tag=b"], /unknown attribute "tag" in image entry "name=a,tag=b"/],
  ])("%j is refused", (input, message) => {
    expect(() => parseImages(input)).toThrow(message);
  });

  test("an empty images input gives bare tags; a disabled image gets none", () => {
    expect(readmePlan(pushTag("v1.1.1"), { images: [] }).plan.tags).toEqual(["v1.1.1", "latest"]);
    expect(readmePlan(push("dev"), { images: ["name=ghcr.io/user/app,enable=false", "Name/App"] }).plan.tags).toEqual([
      "name/app:dev",
    ]);
  });
});

describe("flavor input", () => {
  test.each([
    [["latest=auto", "prefix=", "suffix="], pushTag("v1.2.3"), ["v1.2.3", "latest"]],
    [["latest=false"], pushTag("v1.2.3"), ["v1.2.3"]],
    [["latest=true"], push("dev"), ["dev", "latest"]],
    [["prefix=foo-,onlatest=true"], pushTag("v1.2.3"), ["foo-v1.2.3", "foo-latest"]],
    [["suffix=-slim"], pushTag("v1.2.3"), ["v1.2.3-slim", "latest"]],
    // flavor.ts splits at every "=" and keeps the second part: the prefix is "a".
    [["prefix=a=b-"], push("dev"), ["adev"]],
  ])("%j", (flavor, trigger, expected) => {
    expect(readmeTags(trigger, { flavor })).toEqual(expected);
  });
});

describe("labels and annotations", () => {
  test("Overwrite labels: custom labels add and override", () => {
    const labels = [
      "maintainer=CrazyMax",
      "org.opencontainers.image.title=MyCustomTitle",
      "org.opencontainers.image.description=Another description",
      "org.opencontainers.image.vendor=MyCompany",
    ];
    const { plan } = readmePlan(push("master"), { labels });
    expect(plan.labels).toMatchObject({
      maintainer: "CrazyMax",
      "org.opencontainers.image.title": "MyCustomTitle",
      "org.opencontainers.image.description": "Another description",
      "org.opencontainers.image.vendor": "MyCompany",
    });
    expect(plan.annotations["org.opencontainers.image.title"]).toBe("Hello-World");
  });

  test("annotations output per DOCKER_METADATA_ANNOTATIONS_LEVELS=manifest,index", () => {
    const { plan } = readmePlan(push("master"), { annotations: ["org.opencontainers.image.vendor=Acme"] });
    const outputs = textOutputs(plan, { ...defaultOutputSettings, annotationLevels: ["manifest", "index"] });
    const lines = outputs.annotations.split("\n");
    expect(lines).toHaveLength(18);
    expect(lines.slice(0, 2)).toEqual([
      "manifest:org.opencontainers.image.created=2020-01-10T00:30:00.000Z",
      "manifest:org.opencontainers.image.description=This your first repo!",
    ]);
    expect(lines).toContain("index:org.opencontainers.image.vendor=Acme");
  });
});

describe("outputs", () => {
  const semverSha = [
    "type=ref,event=branch",
    "type=ref,event=pr",
    "type=semver,pattern={{version}}",
    "type=semver,pattern={{major}}.{{minor}}",
    "type=sha",
  ];

  test("Bake definition: bake-file for refs/tags/v1.2.3 as in the README", () => {
    const { plan } = readmePlan(pushTag("v1.2.3"), { tags: semverSha });
    const files = bakeFiles(plan, { ...defaultOutputSettings, imageNames: ["name/app"] });
    expect(files.all).toEqual({
      target: {
        "docker-metadata-action": {
          tags: ["name/app:1.2.3", "name/app:1.2", "name/app:sha-860c190", "name/app:latest"],
          labels: {
            "org.opencontainers.image.title": "Hello-World",
            "org.opencontainers.image.description": "This your first repo!",
            "org.opencontainers.image.url": "https://github.com/octocat/Hello-World",
            "org.opencontainers.image.source": "https://github.com/octocat/Hello-World",
            "org.opencontainers.image.version": "1.2.3",
            "org.opencontainers.image.created": "2020-01-10T00:30:00.000Z",
            "org.opencontainers.image.revision": sha,
            "org.opencontainers.image.licenses": "MIT",
          },
          args: { DOCKER_META_IMAGES: "name/app", DOCKER_META_VERSION: "1.2.3" },
        },
      },
    });
    expect(files.tags.target["docker-metadata-action"]).toEqual({
      tags: plan.tags,
      args: { DOCKER_META_IMAGES: "name/app", DOCKER_META_VERSION: "1.2.3" },
    });
    expect(files.labels.target["docker-metadata-action"]).toEqual({ labels: plan.labels });
    expect(files.annotations.target["docker-metadata-action"]?.annotations?.[0]).toBe(
      "manifest:org.opencontainers.image.created=2020-01-10T00:30:00.000Z",
    );
  });

  test("bake-target and separators", () => {
    const { plan } = readmePlan(pushTag("v1.2.3"), { tags: semverSha });
    const settings = {
      ...defaultOutputSettings,
      bakeTarget: "meta",
      sepTags: ",",
      sepLabels: ";",
      imageNames: ["name/app"],
    };
    expect(Object.keys(bakeFiles(plan, settings).labels.target)).toEqual(["meta"]);
    const outputs = textOutputs(plan, settings);
    expect(outputs.version).toBe("1.2.3");
    expect(outputs.tags).toBe("name/app:1.2.3,name/app:1.2,name/app:sha-860c190,name/app:latest");
    expect(outputs.labels.split(";")[0]).toBe("org.opencontainers.image.created=2020-01-10T00:30:00.000Z");
  });

  test("JSON output object: fromJSON(...).labels['org.opencontainers.image.version'] and friends", () => {
    const { plan } = readmePlan(pushTag("v1.2.3"), { tags: semverSha });
    const json = JSON.parse(textOutputs(plan, defaultOutputSettings).json) as ReturnType<typeof jsonOutput>;
    expect(json.labels["org.opencontainers.image.created"]).toBe("2020-01-10T00:30:00.000Z");
    expect(json.labels["org.opencontainers.image.version"]).toBe("1.2.3");
    expect(json.labels["org.opencontainers.image.revision"]).toBe(sha);
    expect(json.tags).toEqual(plan.tags);
    expect(json.annotations).toHaveLength(8);
  });

  test("no version: an empty version output and no DOCKER_META_VERSION", () => {
    const { plan } = readmePlan(push("dev"), { tags: ["type=semver,pattern={{version}}"] });
    expect(textOutputs(plan, defaultOutputSettings).version).toBe("");
    expect(JSON.parse(JSON.stringify(bakeFiles(plan, defaultOutputSettings).tags))).toEqual({
      target: { "docker-metadata-action": { tags: [], args: { DOCKER_META_IMAGES: "" } } },
    });
  });
});
