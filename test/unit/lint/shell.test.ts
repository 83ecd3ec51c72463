// The shell parser finds the commands hadolint would find.
import { describe, expect, test } from "vitest";
import { argsNoFlags, dropFlagArg } from "../../../scripts/lint/shell/command.ts";
import { parseShell } from "../../../scripts/lint/shell/parse-shell.ts";

const names = (script: string): string[] => parseShell(script).commands.map((command) => command.name);

describe("parseShell", () => {
  test.each([
    ["a && b || c; d | e & f", ["a", "b", "c", "d", "e", "f"]],
    ["FOO=1 BAR=2 make install", ["make"]],
    ["if [ -f x ]; then cd /a; else rm x; fi", ["[", "cd", "rm"]],
    ["for f in a b; do echo $f; done", ["echo"]],
    ["echo $(cd /x && pwd) `id -u`", ["echo", "cd", "pwd", "id"]],
    ["(cd /x; make) && { sudo y; }", ["cd", "make", "sudo"]],
    ["echo 'a && b' \"c; d\"", ["echo"]],
    ["cat <<EOF > f\ncd /nope\nEOF\nls", ["cat", "ls"]],
    ["apt-get update \\\n && apt-get install -y x # cd here is a comment", ["apt-get", "apt-get"]],
    ["echo 2>&1 >/dev/null hi", ["echo"]],
  ])("%j → %j", (script, expected) => {
    expect(names(script)).toEqual(expected);
  });
  test("quotes are removed from arguments; flags follow hadolint", () => {
    const [command] = parseShell(`pip install --no-cache-dir -qU "flask==3.0" 'x y'`).commands;
    expect(command?.args).toEqual(["install", "--no-cache-dir", "-qU", "flask==3.0", "x y"]);
    expect(command?.flags.map((flag) => flag.arg)).toEqual(["no-cache-dir", "q", "U"]);
  });
  test("pipes, not ||, count as pipes", () => {
    expect(parseShell("a | b").hasPipes).toBe(true);
    expect(parseShell("a || b").hasPipes).toBe(false);
    expect(parseShell("echo $(a | b)").hasPipes).toBe(true);
  });
  test("dropFlagArg removes the value after a flag", () => {
    const [command] = parseShell("apt-get install -t bookworm-backports curl").commands;
    expect(command && argsNoFlags(dropFlagArg(command, ["t"]))).toEqual(["install", "curl"]);
  });
});
