// planTags over synthetic triggers: every rule type, attribute, flavor option, priority
// and latest rule, with expectations taken from metadata-action's own behaviour.
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../../scripts/errors/errors.ts";
import { parseFlavor } from "../../../scripts/tags/flavor.ts";
import { planTags, planTagsWithNotes } from "../../../scripts/tags/plan.ts";
import { parseTagRules } from "../../../scripts/tags/rules.ts";
import type { GitContext, RepoInfo } from "../../../scripts/tags/types.ts";

const sha = "860c1904a1ce19322e91ac35af1ab07466440c37";
const now = new Date("2020-01-10T00:30:00.000Z");
const repo: RepoInfo = {
  name: "Hello-World",
  description: "This your first repo!",
  htmlUrl: "https://github.com/octocat/Hello-World",
  license: "MIT",
  defaultBranch: "master",
};

function ctx(ref: string, extra: Partial<GitContext> = {}): GitContext {
  return { eventName: "push", ref, sha, defaultBranch: "master", notes: [], ...extra };
}

function plan(
  context: GitContext,
  tags: string[],
  flavor: string[] = [],
  images = ["user/app"],
  labels: string[] = [],
) {
  return planTags({ images, rules: parseTagRules(tags), flavor: parseFlavor(flavor), context, now, repo, labels });
}

const master = ctx("refs/heads/master");
const dev = ctx("refs/heads/dev");
const tag = (name: string): GitContext => ctx(`refs/tags/${name}`, { baseRef: "refs/heads/master" });
const pr = ctx("refs/pull/15/merge", { eventName: "pull_request", prBaseRef: "master" });
const schedule = ctx("refs/heads/master", { eventName: "schedule" });

describe("version and tags per rule", () => {
  test.each([
    // name, context, rules, flavor, main, partial, latest, tags (for user/app)
    ["fallback rules on a branch", dev, [], [], "dev", [], false, ["dev"]],
    ["fallback rules on a non-semver tag", tag("release1"), [], [], "release1", [], true, ["release1", "latest"]],
    ["fallback rules on a pull request", pr, [], [], "pr-15", [], false, ["pr-15"]],
    [
      "fallback rules on schedule: nightly, then the branch",
      schedule,
      [],
      [],
      "nightly",
      ["master"],
      false,
      ["nightly", "master"],
    ],
    ["edge on the default branch", master, ["type=edge"], [], "edge", [], false, ["edge"]],
    [
      "edge with an explicit branch",
      dev,
      ["type=edge,branch=dev", "type=sha"],
      [],
      "edge",
      ["sha-860c190"],
      false,
      ["edge", "sha-860c190"],
    ],
    [
      "edge elsewhere gives nothing",
      master,
      ["type=edge,branch=dev", "type=sha"],
      [],
      "sha-860c190",
      [],
      false,
      ["sha-860c190"],
    ],
    [
      "priority lifts a rule",
      master,
      ["type=ref,priority=2000,event=branch", "type=edge"],
      [],
      "master",
      ["edge"],
      false,
      ["master", "edge"],
    ],
    [
      "semver full set",
      tag("v1.1.1"),
      ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}"],
      [],
      "1.1.1",
      ["1.1", "1"],
      true,
      ["1.1.1", "1.1", "1", "latest"],
    ],
    [
      "semver duplicates collapse",
      tag("v1.1.1"),
      ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"],
      [],
      "1.1.1",
      [],
      true,
      ["1.1.1", "latest"],
    ],
    [
      "semver prerelease: no major/minor, no latest",
      tag("v2.0.8-beta.67"),
      ["type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}"],
      [],
      "2.0.8-beta.67",
      [],
      false,
      ["2.0.8-beta.67"],
    ],
    [
      "semver raw keeps the v",
      tag("v1.1.1"),
      ["type=semver,pattern={{raw}}"],
      [],
      "v1.1.1",
      [],
      true,
      ["v1.1.1", "latest"],
    ],
    [
      "semver build metadata is sanitised",
      tag("v9.5.7-alpha.2+fork.3.1.8"),
      ["type=semver,pattern={{raw}}", "type=semver,pattern={{version}}"],
      [],
      "v9.5.7-alpha.2-fork.3.1.8",
      ["9.5.7-alpha.2"],
      false,
      ["v9.5.7-alpha.2-fork.3.1.8", "9.5.7-alpha.2"],
    ],
    [
      "semver from value on a branch",
      master,
      ["type=semver,pattern={{major}}.{{minor}},value=v3.4.5"],
      [],
      "3.4",
      [],
      true,
      ["3.4", "latest"],
    ],
    [
      "semver ignores a non-semver tag",
      tag("sometag"),
      ["type=ref,event=tag", "type=semver,pattern={{version}}", "type=semver,pattern={{major}}"],
      ["latest=false"],
      "sometag",
      [],
      false,
      ["sometag"],
    ],
    ["semver ignores branches", master, ["type=semver,pattern={{version}}"], [], undefined, [], false, []],
    [
      "semver prefix and suffix attributes",
      tag("v1.2.3"),
      ["type=semver,pattern={{version}},prefix=api-,suffix=-slim"],
      [],
      "api-1.2.3-slim",
      [],
      true,
      ["api-1.2.3-slim", "latest"],
    ],
    [
      "pep440 raw and major.minor",
      tag("v1.1.1"),
      ["type=pep440,pattern={{raw}}", "type=pep440,pattern={{major}}.{{minor}}"],
      [],
      "v1.1.1",
      ["1.1"],
      true,
      ["v1.1.1", "1.1", "latest"],
    ],
    [
      "pep440 two-part version",
      tag("1.2"),
      ["type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}"],
      [],
      "1.2",
      [],
      true,
      ["1.2", "latest"],
    ],
    [
      "pep440 prerelease",
      tag("1.1beta2"),
      ["type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"],
      [],
      "1.1b2",
      [],
      false,
      ["1.1b2"],
    ],
    [
      "pep440 dev release",
      tag("1.0dev4"),
      ["type=pep440,pattern={{major}}.{{minor}}"],
      [],
      "1.0.dev4",
      [],
      false,
      ["1.0.dev4"],
    ],
    [
      "pep440 rc with raw",
      tag("1.2.3rc2"),
      ["type=pep440,pattern={{raw}}", "type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}"],
      [],
      "1.2.3rc2",
      [],
      false,
      ["1.2.3rc2"],
    ],
    [
      "pep440 prerelease raw keeps the v, version is normalised",
      tag("v1.2.3rc2"),
      ["type=pep440,pattern={{raw}}", "type=pep440,pattern={{major}}.{{minor}}"],
      [],
      "v1.2.3rc2",
      ["1.2.3rc2"],
      false,
      ["v1.2.3rc2", "1.2.3rc2"],
    ],
    [
      "pep440 post release",
      tag("1.2post1"),
      ["type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}"],
      [],
      "1.2.post1",
      [],
      false,
      ["1.2.post1"],
    ],
    ["match whole", tag("v1.1.1"), ['type=match,"pattern=\\d.\\d.\\d"'], [], "1.1.1", [], true, ["1.1.1", "latest"]],
    [
      "match group",
      tag("v1.1.1"),
      ['type=match,"pattern=^v(\\d.\\d.\\d)$",group=1'],
      [],
      "1.1.1",
      [],
      true,
      ["1.1.1", "latest"],
    ],
    [
      "match two groups",
      tag("v2.0.8-beta.67"),
      ['type=match,"pattern=v(.*)-beta.(.*)",group=1', 'type=match,"pattern=v(.*)-beta.(.*)",group=2'],
      [],
      "2.0.8",
      ["67"],
      true,
      ["2.0.8", "67", "latest"],
    ],
    [
      "match with latest=false",
      tag("20200110-RC2"),
      ["type=match,pattern=(.*)-RC,group=1"],
      ["latest=false"],
      "20200110",
      [],
      false,
      ["20200110"],
    ],
    [
      "match keeps slashes in the tag",
      tag("p1/v1.0.0"),
      [
        "type=match,pattern=p1/v(\\d.\\d.\\d),group=1",
        "type=match,pattern=p1/v(\\d.\\d),group=1",
        "type=match,pattern=p1/v(\\d.\\d),group=3",
        "type=ref,event=pr",
        "type=sha",
      ],
      [],
      "1.0.0",
      ["1.0", "sha-860c190"],
      true,
      ["1.0.0", "1.0", "sha-860c190", "latest"],
    ],
    [
      "match regex literal with flags",
      tag("V1.0.0"),
      ["type=match,pattern=/^v(\\d.\\d.\\d)$/i,group=1"],
      [],
      "1.0.0",
      [],
      true,
      ["1.0.0", "latest"],
    ],
    ["match without a hit", tag("sometag"), ['type=match,"pattern=\\d.\\d"'], [], undefined, [], false, []],
    [
      "raw wins by priority but latest follows the first rule",
      tag("v2.0.8-beta.67"),
      ["type=raw,priority=2000,foo", "type=semver,pattern={{version}}", 'type=match,"pattern=\\d.\\d"'],
      [],
      "foo",
      ["2.0.8-beta.67", "2.0"],
      false,
      ["foo", "2.0.8-beta.67", "2.0"],
    ],
    [
      "ref tag",
      tag("v1.1.1"),
      ["type=raw,priority=2000,foo", "type=ref,event=tag", "type=edge"],
      [],
      "foo",
      ["v1.1.1"],
      false,
      ["foo", "v1.1.1"],
    ],
    ["ref pr with custom prefix", pr, ["type=ref,event=pr,prefix=pull-"], [], "pull-15", [], false, ["pull-15"]],
    ["ref pr ignores branches", master, ["type=ref,event=pr"], [], undefined, [], false, []],
    ["sha long", master, ["type=sha,format=long"], [], `sha-${sha}`, [], false, [`sha-${sha}`]],
    ["sha without prefix", master, ["type=sha,prefix="], [], "860c190", [], false, ["860c190"]],
    [
      "no sha, no sha tag",
      ctx("refs/heads/master", { sha: "" }),
      ["type=sha", "type=ref,event=branch"],
      [],
      "master",
      [],
      false,
      ["master"],
    ],
    [
      "enable=false drops a rule",
      master,
      ["type=ref,event=branch,enable=false", "type=sha"],
      [],
      "sha-860c190",
      [],
      false,
      ["sha-860c190"],
    ],
    [
      "enable from is_default_branch",
      master,
      ["type=raw,value=stable,enable={{is_default_branch}}"],
      [],
      "stable",
      [],
      false,
      ["stable"],
    ],
    [
      "is_default_branch false elsewhere",
      dev,
      ["type=raw,value=stable,enable={{is_default_branch}}"],
      [],
      undefined,
      [],
      false,
      [],
    ],
    ["latest=true forces latest", dev, ["type=ref,event=branch"], ["latest=true"], "dev", [], true, ["dev", "latest"]],
    [
      "latest=false on a semver tag",
      tag("v1.1.1"),
      ["type=semver,pattern={{version}}"],
      ["latest=false"],
      "1.1.1",
      [],
      false,
      ["1.1.1"],
    ],
    [
      "flavor suffix with onlatest",
      tag("v1.1.1"),
      ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"],
      ["suffix=-dev,onlatest=true"],
      "1.1.1-dev",
      [],
      true,
      ["1.1.1-dev", "latest-dev"],
    ],
    [
      "flavor prefix and suffix on latest",
      tag("v1.1.1"),
      ["type=semver,pattern={{version}}"],
      ["prefix=foo-,onlatest=true", "suffix=-dev,onlatest=true"],
      "foo-1.1.1-dev",
      [],
      true,
      ["foo-1.1.1-dev", "foo-latest-dev"],
    ],
    [
      "flavor prefix without onlatest",
      tag("v1.1.1"),
      ["type=semver,pattern={{version}}"],
      ["prefix=foo-"],
      "foo-1.1.1",
      [],
      true,
      ["foo-1.1.1", "latest"],
    ],
    [
      "rule attribute beats flavor, even empty",
      tag("p1/v1.0.0"),
      ["type=match,pattern=p1/v(\\d.\\d.\\d),group=1", "type=match,pattern=p1/v(\\d.\\d),group=1,suffix=", "type=sha"],
      ["suffix=-dev"],
      "1.0.0-dev",
      ["1.0", "sha-860c190-dev"],
      true,
      ["1.0.0-dev", "1.0", "sha-860c190-dev", "latest"],
    ],
    [
      "globals in raw values",
      tag("v1.1.1"),
      [
        "type=raw,{{tag}}-{{sha}}-foo",
        "type=raw,{{base_ref}}-foo",
        "type=raw,defbranch-foo,enable={{is_default_branch}}",
      ],
      [],
      "v1.1.1-860c190-foo",
      ["master-foo"],
      false,
      ["v1.1.1-860c190-foo", "master-foo"],
    ],
    [
      "base_ref on a pull request",
      pr,
      ["type=raw,value=into-{{base_ref}}", "type=raw,value=b-{{branch}}"],
      [],
      "into-master",
      ["b-"],
      false,
      ["into-master", "b-"],
    ],
    [
      "globals in flavor prefix; sha keeps its own prefix",
      dev,
      ["type=raw,value=x", "type=sha"],
      ["prefix={{branch}}-"],
      "dev-x",
      ["sha-860c190"],
      false,
      ["dev-x", "sha-860c190"],
    ],
    [
      "schedule with a dated pattern",
      schedule,
      ["type=schedule,pattern={{date 'YYYYMMDD'}}", "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}"],
      [],
      "20200110",
      ["20200110-093000"],
      false,
      ["20200110", "20200110-093000"],
    ],
    [
      "schedule ignored on push",
      master,
      ["type=schedule", "type=ref,event=branch"],
      [],
      "master",
      [],
      false,
      ["master"],
    ],
    [
      "schedule with latest=true",
      schedule,
      ["type=schedule"],
      ["latest=true"],
      "nightly",
      [],
      true,
      ["nightly", "latest"],
    ],
    [
      "raw date global",
      master,
      ["type=raw,value=mytag-{{date 'YYYYMMDD'}}", "type=raw,value=src-{{commit_date 'YYYYMMDD'}}"],
      [],
      "mytag-20200110",
      ["src-20200110"],
      false,
      ["mytag-20200110", "src-20200110"],
    ],
  ])("%s", (_name, context, rules, flavor, main, partial, latest, tags) => {
    const result = plan(context, rules, flavor);
    expect(result.version).toEqual({ main, partial, latest });
    expect(result.tags).toEqual(tags.map((item) => `user/app:${item}`));
  });
});

describe("sanitising", () => {
  test.each([
    ["branch with slashes", "refs/heads/feature/new-ui", "feature-new-ui"],
    ["uppercase is kept in tags", "refs/heads/Feature/UI", "Feature-UI"],
    ["runs of invalid characters collapse", "refs/heads/fix/#42 :: crash", "fix-42-crash"],
    ["dots, dashes and underscores stay", "refs/heads/release_1.x-beta", "release_1.x-beta"],
  ])("%s", (_name, ref, expected) => {
    expect(plan(ctx(ref), ["type=ref,event=branch"]).version.main).toBe(expected);
  });

  test("{{branch}} goes through handlebars' HTML escaping first, like metadata-action", () => {
    expect(plan(ctx("refs/heads/a=b"), ["type=raw,value={{branch}}"]).version.main).toBe("a-x3D-b");
    expect(plan(ctx("refs/heads/a=b"), ["type=ref,event=branch"]).version.main).toBe("a-b");
  });

  test("tags longer than 128 characters are cut to 128", () => {
    const branch = `feature/${"a".repeat(200)}`;
    const result = plan(ctx(`refs/heads/${branch}`), ["type=ref,event=branch"]);
    expect(result.version.main).toHaveLength(128);
    expect(result.version.main).toBe(`feature-${"a".repeat(120)}`);
  });

  test("image names are lower-cased, no image gives bare tags", () => {
    expect(plan(dev, ["type=ref,event=branch"], [], ["GHCR.io/User/App", "org/app"]).tags).toEqual([
      "ghcr.io/user/app:dev",
      "org/app:dev",
    ]);
    expect(plan(dev, ["type=ref,event=branch", "type=sha"], [], []).tags).toEqual(["dev", "sha-860c190"]);
  });

  test("DOCKER_METADATA_SHORT_SHA_LENGTH", () => {
    const result = planTags({
      images: [],
      rules: parseTagRules(["type=sha", "type=raw,value=x-{{sha}}"]),
      flavor: parseFlavor([]),
      context: master,
      now,
      repo,
      shortShaLength: 12,
    });
    expect(result.tags).toEqual(["x-860c1904a1ce", "sha-860c1904a1ce"]);
  });
});

describe("labels", () => {
  const oci = {
    "org.opencontainers.image.created": "2020-01-10T00:30:00.000Z",
    "org.opencontainers.image.description": "This your first repo!",
    "org.opencontainers.image.licenses": "MIT",
    "org.opencontainers.image.revision": sha,
    "org.opencontainers.image.source": "https://github.com/octocat/Hello-World",
    "org.opencontainers.image.title": "Hello-World",
    "org.opencontainers.image.url": "https://github.com/octocat/Hello-World",
    "org.opencontainers.image.version": "dev",
  };

  test("the eight OCI labels, sorted by key", () => {
    const labels = plan(dev, ["type=ref,event=branch"]).labels;
    expect(labels).toEqual(oci);
    expect(Object.keys(labels)).toEqual(Object.keys(oci).sort((a, b) => a.localeCompare(b)));
  });

  test("extra labels add, override, expand globals and drop entries without =", () => {
    const labels = plan(
      dev,
      ["type=ref,event=branch"],
      [],
      ["user/app"],
      [
        "maintainer=ops@acme.test",
        "org.opencontainers.image.title=API",
        "built.from={{branch}}@{{sha}}",
        "noequals",
        "with.equals=a=b",
      ],
    ).labels;
    expect(labels).toEqual({
      ...oci,
      "org.opencontainers.image.title": "API",
      maintainer: "ops@acme.test",
      "built.from": "dev@860c190",
      "with.equals": "a=b",
    });
    expect(Object.keys(labels)[0]).toBe("built.from");
  });

  test("literal quotes in extra labels are kept as written", () => {
    const labels = plan(
      dev,
      ["type=ref,event=branch"],
      [],
      ["user/app"],
      ['org.opencontainers.image.description=this is a "good" example'],
    ).labels;
    expect(labels["org.opencontainers.image.description"]).toBe('this is a "good" example');
  });

  test("no version and no sha leave those labels empty", () => {
    const labels = plan(ctx("refs/heads/dev", { sha: "" }), ["type=semver,pattern={{version}}"]).labels;
    expect(labels["org.opencontainers.image.version"]).toBe("");
    expect(labels["org.opencontainers.image.revision"]).toBe("");
  });

  test("repository facts fall back to owner/name and the server URL", () => {
    const result = planTags({
      images: [],
      rules: parseTagRules(["type=sha"]),
      flavor: parseFlavor([]),
      context: ctx("refs/heads/dev", { repository: "acme/api", serverUrl: "https://git.acme.test/" }),
      now,
    });
    expect(result.labels["org.opencontainers.image.title"]).toBe("api");
    expect(result.labels["org.opencontainers.image.source"]).toBe("https://git.acme.test/acme/api");
  });
});

describe("errors and notes", () => {
  test("an enable that is not true/false is a ConfigError naming the rule", () => {
    expect(() => plan(dev, ["type=sha,enable={{branch}}"])).toThrow(ConfigError);
    expect(() => plan(dev, ["type=sha,enable={{branch}}"])).toThrow(
      /enable must be true or false, got "dev" in rule "type=sha,enable=\{\{branch\}\}"/,
    );
  });

  test("an unknown date attribute is a ConfigError", () => {
    expect(() => plan(schedule, ["type=schedule,pattern={{date 'YYYY' zone='UTC'}}"])).toThrow(
      /unknown zone attribute/,
    );
  });

  test("an invalid regular expression is a ConfigError", () => {
    expect(() => plan(tag("v1"), ["type=match,pattern=(unclosed"])).toThrow(/invalid regular expression/);
  });

  test("a tag that is not semver is reported, not fatal", () => {
    const { plan: result, notes } = planTagsWithNotes({
      images: [],
      rules: parseTagRules(["type=semver,pattern={{version}}"]),
      flavor: parseFlavor([]),
      context: tag("nightly-build"),
      now,
      repo,
    });
    expect(result.tags).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/nightly-build is not a valid semver version/)]);
  });
});
