import { describe, expect, test } from "vitest";
import {
  binfmtEnabled,
  isDebianFamily,
  mergeDaemonJson,
  parseBuildxVersion,
  parseComposeVersion,
  parseDriverStatus,
  parseEngineVersion,
  parseOsRelease,
  parseToolVersion,
  usesContainerdStore,
  versionAtLeast,
} from "../../../scripts/toolchain/parse.ts";
import { fixture } from "./probes.ts";

describe("version parsers on captured output", () => {
  test.each([
    ["buildx-version.txt", "0.13.1+ds1"],
    ["buildx-version-old.txt", "0.12.1"],
    ["buildx-version-upstream.txt", "0.17.1"],
  ])("buildx %s → %s", (file, expected) => {
    expect(parseBuildxVersion(fixture(file))).toBe(expected);
  });

  test.each([
    ["2.26.1-4\n", "2.26.1-4"],
    ["v2.29.1\n", "2.29.1"],
    ["", undefined],
  ])("compose %j → %s", (text, expected) => {
    expect(parseComposeVersion(text)).toBe(expected);
  });

  test.each([
    [fixture("engine-version.txt"), "26.1.5+dfsg1"],
    ["\n", undefined],
  ])("engine %j → %s", (text, expected) => {
    expect(parseEngineVersion(text)).toBe(expected);
  });

  test.each([
    ["shellcheck-version.txt", "0.9.0"],
    ["debootstrap-version.txt", "1.0.128+nmu2+deb12u2"],
    ["dockerd-version.txt", "26.1.5+dfsg1"],
  ])("tool banner %s → %s", (file, expected) => {
    expect(parseToolVersion(fixture(file))).toBe(expected);
  });

  test.each([
    ["0.13.1+ds1", "0.13.0", true],
    ["0.12.1", "0.13.0", false],
    ["2.26.1-4", "2.0.0", true],
    ["1.29.2", "2.0.0", false],
    ["garbage", "0.13.0", false],
  ])("%s >= %s is %s", (version, minimum, expected) => {
    expect(versionAtLeast(version, minimum)).toBe(expected);
  });
});

describe("docker info driver status", () => {
  test("containerd snapshotter on", () => {
    expect(usesContainerdStore(parseDriverStatus(fixture("driver-status-containerd.json")))).toBe(true);
  });
  test("overlay2 graph driver", () => {
    const pairs = parseDriverStatus(fixture("driver-status-overlay2.json"));
    expect(pairs[0]).toEqual(["Backing Filesystem", "extfs"]);
    expect(usesContainerdStore(pairs)).toBe(false);
  });
  test.each(["null\n", "", "not json"])("engine down prints %j: no pairs", (text) => {
    expect(parseDriverStatus(text)).toEqual([]);
  });
});

describe("os-release", () => {
  test.each([
    ["os-release-debian-bookworm", "debian", "bookworm", true],
    ["os-release-ubuntu-noble", "ubuntu", "noble", true],
    ["os-release-fedora-40", "fedora", undefined, false],
  ])("%s", (file, id, codename, debian) => {
    const os = parseOsRelease(fixture(file));
    expect(os.id).toBe(id);
    expect(os.codename).toBe(codename);
    expect(isDebianFamily(os)).toBe(debian);
  });
});

describe("binfmt", () => {
  test("registered and enabled", () => expect(binfmtEnabled(fixture("binfmt-qemu-aarch64.txt"))).toBe(true));
  test("disabled", () => expect(binfmtEnabled("disabled\ninterpreter /x\n")).toBe(false));
  test("missing", () => expect(binfmtEnabled(undefined)).toBe(false));
});

describe("daemon.json merge", () => {
  test("no file: writes the feature", () => {
    expect(mergeDaemonJson(undefined)).toEqual({
      content: '{\n  "features": {\n    "containerd-snapshotter": true\n  }\n}\n',
      changed: true,
    });
  });
  test("keeps other keys and features", () => {
    const merged = mergeDaemonJson('{"insecure-registries":["10.0.0.1:5000"],"features":{"buildkit":true}}');
    expect(JSON.parse(merged.content)).toEqual({
      "insecure-registries": ["10.0.0.1:5000"],
      features: { buildkit: true, "containerd-snapshotter": true },
    });
  });
  test("already on: unchanged", () => {
    expect(mergeDaemonJson('{"features":{"containerd-snapshotter":true}}').changed).toBe(false);
  });
  test("broken JSON is a ConfigError naming the file", () => {
    expect(() => mergeDaemonJson("{oops")).toThrow(/not valid JSON/);
    expect(() => mergeDaemonJson("[1]")).toThrow(/must hold a JSON object/);
  });
});
