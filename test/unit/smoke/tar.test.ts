import { describe, expect, it } from "vitest";
import { firstTarEntry, modeString, type TarEntry } from "../../../scripts/smoke/tar.ts";
import { fixtureBytes } from "./fixtures.ts";

describe("firstTarEntry on real `docker cp` streams", () => {
  it.each([
    ["entrypoint.tar", { name: "agent-entrypoint.sh", type: "file", uid: 0, gid: 0 }, "-rwxr-xr-x"],
    ["data-dir.tar", { name: "data/", type: "dir", uid: 10000, gid: 10000 }, "drwxr-xr-x"],
    ["python3-symlink.tar", { name: "python3", type: "symlink", uid: 0, gid: 0 }, "Lrwxrwxrwx"],
  ])("%s", (file, expected, mode) => {
    const entry = firstTarEntry(fixtureBytes("docker", file));
    expect(entry).toMatchObject(expected);
    expect(entry && modeString(entry)).toBe(mode);
  });

  it("reads the file's content", () => {
    expect(firstTarEntry(fixtureBytes("docker", "entrypoint.tar"))?.content.toString("utf8")).toMatch(/^#!\/bin\/sh\n/);
  });

  it("returns undefined for an empty stream (docker cp found nothing)", () => {
    expect(firstTarEntry(Buffer.alloc(0))).toBeUndefined();
  });
});

describe("modeString follows Go's FileMode.String", () => {
  const entry = (type: TarEntry["type"], mode: number): TarEntry => ({
    name: "x",
    type,
    mode,
    uid: 0,
    gid: 0,
    size: 0,
    content: Buffer.alloc(0),
  });
  it.each([
    [entry("file", 0o644), "-rw-r--r--"],
    [entry("dir", 0o1777), "dtrwxrwxrwx"],
    [entry("file", 0o4755), "urwxr-xr-x"],
    [entry("char", 0o666), "Dcrw-rw-rw-"],
    [entry("fifo", 0o600), "prw-------"],
  ])("%j → %s", (input, expected) => {
    expect(modeString(input)).toBe(expected);
  });
});
