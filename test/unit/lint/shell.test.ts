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
    // Only real command positions: quoted words, arithmetic, conditions, case patterns, for-lists.
    ["$'a\\'b' && apk add c", ["a'b", "apk"]],
    ["echo $'it\\'s' ; apk add c", ["echo", "apk"]],
    ["echo $((1+2)) && make", ["echo", "make"]],
    ["(( n += 1 )) && make", ["make"]],
    ["[[ $x =~ ^(a|b)$ ]] && make", ["make"]],
    ["[[ -f a && -f b ]] || make", ["make"]],
    ["case $x in a|b) echo hi ;; (c) make ;; *) ;; esac; ls", ["echo", "make", "ls"]],
    ["case $x in\n  a) make\nesac", ["make"]],
    ["diff <(sort a) >(tee b)", ["diff", "sort", "tee"]],
    ["for ((i = 0; i < 3; i++)); do echo $i; done", ["echo"]],
    ["for f in $(ls) a b; do cat $f; done", ["ls", "cat"]],
    ["A=(one two) B=2 make", ["make"]],
    [">log 2>&1 make all", ["make"]],
    ["f() { cd /x; }; function g { rm y; }; f", ["cd", "rm", "f"]],
    ["x=$(dnf clean all) && dnf install y", ["dnf", "dnf"]],
    ['echo "a $(id -u) b" `pwd`', ["echo", "id", "pwd"]],
    ["cat <<-'EOF' | sh\n\tcd /nope\n\tEOF\nls", ["cat", "sh", "ls"]],
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
