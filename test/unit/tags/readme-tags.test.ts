// Every tag example of docker/metadata-action's README (v5), one row each, in README order.
import { describe, expect, test } from "vitest";
import {
  dispatch,
  pullRequest,
  push,
  pushTag,
  readmePlan,
  readmeTags,
  schedule,
  sha,
  type Trigger,
} from "./readme-cases.ts";

const semverRules = [
  "type=ref,event=branch",
  "type=ref,event=pr",
  "type=semver,pattern={{version}}",
  "type=semver,pattern={{major}}.{{minor}}",
];

describe("Usage › Basic: no tags input, metadata-action's defaults", () => {
  test.each<[string, Trigger, string[]]>([
    ["pull_request refs/pull/2/merge", pullRequest(2), ["pr-2"]],
    ["push refs/heads/master", push("master"), ["master"]],
    ["push refs/heads/releases/v1", push("releases/v1"), ["releases-v1"]],
    ["push tag refs/tags/v1.2.3", pushTag("v1.2.3"), ["v1.2.3", "latest"]],
    ["push tag refs/tags/v2.0.8-beta.67", pushTag("v2.0.8-beta.67"), ["v2.0.8-beta.67", "latest"]],
    ["workflow_dispatch refs/heads/master", dispatch("master"), ["master"]],
  ])("%s → %j", (_name, trigger, expected) => {
    expect(readmeTags(trigger)).toEqual(expected);
  });

  test("a schedule gets nightly (type=schedule is a default)", () => {
    expect(readmeTags(schedule())).toEqual(["nightly", "master"]);
  });
});

describe("Usage › Semver", () => {
  test.each<[string, Trigger, string[]]>([
    ["pull_request refs/pull/2/merge", pullRequest(2), ["pr-2"]],
    ["push refs/heads/master", push("master"), ["master"]],
    ["push refs/heads/releases/v1", push("releases/v1"), ["releases-v1"]],
    ["push tag refs/tags/v1.2.3", pushTag("v1.2.3"), ["1.2.3", "1.2", "latest"]],
    ["push tag refs/tags/v2.0.8-beta.67", pushTag("v2.0.8-beta.67"), ["2.0.8-beta.67"]],
  ])("%s → %j", (_name, trigger, expected) => {
    expect(readmeTags(trigger, { tags: semverRules })).toEqual(expected);
  });
});

describe("tags input › type=schedule", () => {
  test.each([
    ["nightly", "2020-01-10T00:30:00Z", "nightly"],
    ["{{date 'YYYYMMDD'}}", "2020-01-10T00:30:00Z", "20200110"],
    ["{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", "2020-01-10T00:30:00Z", "20200110-093000"],
    ["{{date 'YYYYMMDD-hhmmss' tz='Asia/Tokyo'}}", "2020-01-10T15:30:00Z", "20200111-123000"],
  ])("pattern=%s at %s → %s", (pattern, now, expected) => {
    expect(readmeTags(schedule(), { tags: [`type=schedule,pattern=${pattern}`], now: new Date(now) })).toEqual([
      expected,
    ]);
  });
});

describe("tags input › type=semver", () => {
  test.each([
    ["v1.2.3", "{{raw}}", ["v1.2.3", "latest"]],
    ["v1.2.3", "{{version}}", ["1.2.3", "latest"]],
    ["v1.2.3", "{{major}}.{{minor}}", ["1.2", "latest"]],
    ["v1.2.3", "v{{major}}", ["v1", "latest"]],
    ["v1.2.3", "{{minor}}", ["2", "latest"]],
    ["v1.2.3", "{{patch}}", ["3", "latest"]],
    ["v2.0.8-beta.67", "{{raw}}", ["v2.0.8-beta.67"]],
    ["v2.0.8-beta.67", "{{version}}", ["2.0.8-beta.67"]],
    ["v2.0.8-beta.67", "{{major}}.{{minor}}", ["2.0.8-beta.67"]],
  ])("git tag %s, pattern %s → %j", (tag, pattern, expected) => {
    expect(readmeTags(pushTag(tag), { tags: [`type=semver,pattern=${pattern}`] })).toEqual(expected);
  });

  test("value=v1.0.0 replaces the git tag, on a branch too", () => {
    expect(readmeTags(push("master"), { tags: ["type=semver,pattern={{version}},value=v1.0.0"] })).toEqual([
      "1.0.0",
      "latest",
    ]);
  });
});

describe("type=semver and type=pep440 › match= (first group is the version)", () => {
  test.each([
    ["p1/v1.0.0", 'type=semver,pattern={{version}},"match=v(\\d.\\d.\\d)$"', ["1.0.0", "latest"]],
    ["p1/v1.0.0", "type=semver,pattern={{major}}.{{minor}},match=v(\\d.\\d.\\d)$", ["1.0", "latest"]],
    ["docker-v23.0.0", "type=semver,pattern={{major}},match=docker-(.*)", ["23", "latest"]],
    ["app/v1.6.0-rc.1", "type=semver,pattern={{major}}.{{minor}},match=^app/v(.*)$", ["1.6.0-rc.1"]],
    ["p1/v1.0.0", "type=semver,pattern={{version}}", []],
    ["py/1.2.3rc2", "type=pep440,pattern={{version}},match=^py/(.*)$", ["1.2.3rc2"]],
    ["py/1.2.3", "type=pep440,pattern={{major}}.{{minor}},match=^py/(.*)$", ["1.2", "latest"]],
  ])("git tag %s, %s → %j", (tag, rule, expected) => {
    expect(readmeTags(pushTag(tag), { tags: [rule] })).toEqual(expected);
  });

  test.each([
    ["v9.9.9", "type=semver,pattern={{version}},value=release-v9.9.9,match=v(.*)", ["9.9.9", "latest"]],
    ["v9.9.9", "type=pep440,pattern={{version}},value=py-1.0,match=^py-(.*)$", ["1.0", "latest"]],
  ])("with value=: git tag %s, %s → %j", (tag, rule, expected) => {
    expect(readmeTags(pushTag(tag), { tags: [rule] })).toEqual(expected);
  });

  test("a match that does not match leaves the source as it is, with a note", () => {
    const { plan, notes } = readmePlan(pushTag("v1.2.3"), {
      tags: ["type=semver,pattern={{version}},match=^release-(.*)$"],
    });
    expect(plan.tags).toEqual(["name/app:1.2.3", "name/app:latest"]);
    expect(notes).toEqual([expect.stringMatching(/\^release-\(\.\*\)\$ does not match v1\.2\.3/)]);
  });

  test("a match without a group is refused", () => {
    expect(() => readmePlan(pushTag("v1.2.3"), { tags: ["type=semver,pattern={{version}},match=v\\d"] })).toThrow(
      /has no capture group/,
    );
  });
});

describe("tags input › type=pep440", () => {
  test.each([
    ["1.2.3", "{{raw}}", ["1.2.3", "latest"]],
    ["1.2.3", "{{version}}", ["1.2.3", "latest"]],
    ["v1.2.3", "{{version}}", ["1.2.3", "latest"]],
    ["1.2.3", "{{major}}.{{minor}}", ["1.2", "latest"]],
    ["1.2.3", "v{{major}}", ["v1", "latest"]],
    ["v1.2.3rc2", "{{raw}}", ["v1.2.3rc2"]],
    ["1.2.3rc2", "{{version}}", ["1.2.3rc2"]],
    ["1.2.3rc2", "{{major}}.{{minor}}", ["1.2.3rc2"]],
    ["1.2.3post1", "{{major}}.{{minor}}", ["1.2.3.post1"]],
    ["1.2.3beta2", "{{major}}.{{minor}}", ["1.2.3b2"]],
    ["1.0dev4", "{{major}}.{{minor}}", ["1.0.dev4"]],
  ])("git tag %s, pattern %s → %j", (tag, pattern, expected) => {
    expect(readmeTags(pushTag(tag), { tags: [`type=pep440,pattern=${pattern}`] })).toEqual(expected);
  });

  test("value=1.0.0 replaces the git tag", () => {
    expect(readmeTags(push("master"), { tags: ["type=pep440,pattern={{version}},value=1.0.0"] })).toEqual([
      "1.0.0",
      "latest",
    ]);
  });
});

describe("tags input › type=match", () => {
  test.each([
    ["v1.2.3", "\\d.\\d.\\d", "0", ["1.2.3", "latest"]],
    ["v2.0.8-beta.67", "v(.*)", "1", ["2.0.8-beta.67", "latest"]],
    ["v2.0.8-beta.67", "v(\\d.\\d)", "1", ["2.0", "latest"]],
    ["20200110-RC2", "\\d+", "0", ["20200110", "latest"]],
    ["p1/v1.2.3", "p1/v(\\d.\\d.\\d)", "1", ["1.2.3", "latest"]],
  ])("git tag %s, pattern %s, group %s → %j", (tag, pattern, group, expected) => {
    expect(readmeTags(pushTag(tag), { tags: [`type=match,"pattern=${pattern}",group=${group}`] })).toEqual(expected);
  });

  test("value=v1.0.0 replaces the git tag", () => {
    expect(readmeTags(push("master"), { tags: ["type=match,pattern=v(.*),group=1,value=v1.0.0"] })).toEqual([
      "1.0.0",
      "latest",
    ]);
  });
});

describe("tags input › type=edge, type=ref, type=raw, type=sha", () => {
  test.each<[string, Trigger, string[], string[]]>([
    ["edge minimal on the default branch", push("master"), ["type=edge"], ["edge"]],
    ["edge,branch=main elsewhere", push("master"), ["type=edge,branch=main"], []],
    ["edge,branch=main on main", push("main"), ["type=edge,branch=main"], ["edge"]],
    ["ref pull_request refs/pull/2/merge", pullRequest(2), ["type=ref,event=pr"], ["pr-2"]],
    ["ref push refs/heads/master", push("master"), ["type=ref,event=branch"], ["master"]],
    ["ref push refs/heads/my/branch", push("my/branch"), ["type=ref,event=branch"], ["my-branch"]],
    ["ref push tag refs/tags/v1.2.3", pushTag("v1.2.3"), ["type=ref,event=tag"], ["v1.2.3", "latest"]],
    [
      "ref push tag refs/tags/v2.0.8-beta.67",
      pushTag("v2.0.8-beta.67"),
      ["type=ref,event=tag"],
      ["v2.0.8-beta.67", "latest"],
    ],
    ["ref workflow_dispatch refs/heads/master", dispatch("master"), ["type=ref,event=branch"], ["master"]],
    ["raw value=", push("master"), ["type=raw,value=foo", "type=raw,value=bar"], ["foo", "bar"]],
    ["raw bare value", push("master"), ["type=raw,foo", "type=raw,bar"], ["foo", "bar"]],
    ["raw without type", push("master"), ["foo", "bar"], ["foo", "bar"]],
    ["sha minimal", push("master"), ["type=sha"], ["sha-860c190"]],
    ["sha long", push("master"), ["type=sha,format=long"], [`sha-${sha}`]],
  ])("%s", (_name, trigger, rules, expected) => {
    expect(readmeTags(trigger, { tags: rules })).toEqual(expected);
  });

  test("DOCKER_METADATA_SHORT_SHA_LENGTH=12", () => {
    expect(readmeTags(push("master"), { tags: ["type=sha"], shortShaLength: 12 })).toEqual(["sha-860c1904a1ce"]);
  });
});

describe("Notes", () => {
  test.each<[string, Trigger, string[], string[]]>([
    [
      "latest for master via a GitHub expression (true)",
      push("master"),
      ["type=raw,value=latest,enable=true"],
      ["latest"],
    ],
    [
      "latest for the default branch",
      push("master"),
      ["type=raw,value=latest,enable={{is_default_branch}}"],
      ["latest"],
    ],
    ["no latest off the default branch", push("dev"), ["type=raw,value=latest,enable={{is_default_branch}}"], []],
    [
      "major zero: {{major}} disabled by expression",
      pushTag("v0.1.2"),
      [
        "type=semver,pattern={{version}}",
        "type=semver,pattern={{major}}.{{minor}}",
        "type=semver,pattern={{major}},enable=false",
      ],
      ["0.1.2", "0.1", "latest"],
    ],
    ["global expression prefix", push("master"), ["type=sha,prefix={{branch}}-"], ["master-860c190"]],
    ["global expression value", push("master"), ["type=raw,value=mytag-{{branch}}-{{sha}}"], ["mytag-master-860c190"]],
  ])("%s", (_name, trigger, rules, expected) => {
    expect(readmeTags(trigger, { tags: rules })).toEqual(expected);
  });

  test("priority: the highest first, and it gives the version", () => {
    const { plan } = readmePlan(pushTag("v1.2.3"), {
      tags: ["type=sha", "type=raw,value=first,priority=2000", "type=semver,pattern={{version}}"],
    });
    expect(plan.version.main).toBe("first");
    expect(plan.tags).toEqual(["name/app:first", "name/app:1.2.3", "name/app:sha-860c190"]);
  });
});
