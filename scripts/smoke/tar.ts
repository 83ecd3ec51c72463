// Reads the first entry of the tar stream `docker cp CONTAINER:PATH -` writes: its type, mode,
// owner and content. That is how file tests see an image without needing `stat` inside it.

export type TarType = "file" | "dir" | "symlink" | "char" | "block" | "fifo" | "other";

export interface TarEntry {
  name: string;
  type: TarType;
  /** Permission and setuid/setgid/sticky bits (07777). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  content: Buffer;
}

const block = 512;
const types: Record<string, TarType> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "5": "dir",
  "2": "symlink",
  "3": "char",
  "4": "block",
  "6": "fifo",
};

export function firstTarEntry(data: Buffer): TarEntry | undefined {
  let offset = 0;
  let longName: string | undefined;
  while (offset + block <= data.length) {
    const header = data.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) return undefined;
    const flag = String.fromCharCode(header[156] ?? 0);
    const size = octal(header, 124, 12);
    const body = data.subarray(offset + block, offset + block + size);
    offset += block + Math.ceil(size / block) * block;
    // Extended headers (pax x/g, GNU L/K) describe the next entry: keep the name, skip the rest.
    if (flag === "x" || flag === "g") longName = paxPath(body) ?? longName;
    else if (flag === "L") longName = text(body, 0, body.length);
    else if (flag !== "K") return entry(header, flag, size, body, longName);
  }
  return undefined;
}

function entry(header: Buffer, flag: string, size: number, body: Buffer, longName: string | undefined): TarEntry {
  return {
    name: longName ?? text(header, 0, 100),
    type: types[flag] ?? "other",
    mode: octal(header, 100, 8) & 0o7777,
    uid: octal(header, 108, 8),
    gid: octal(header, 116, 8),
    size,
    content: body,
  };
}

function text(buffer: Buffer, start: number, length: number): string {
  const raw = buffer.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString("utf8");
}

function octal(buffer: Buffer, start: number, length: number): number {
  const value = text(buffer, start, length).trim();
  return value ? Number.parseInt(value, 8) : 0;
}

function paxPath(body: Buffer): string | undefined {
  const match = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
  return match?.[1];
}

// Go's os.FileMode.String(): type letters in this order, then rwx three times.
const typeLetters: readonly [string, (e: TarEntry) => boolean][] = [
  ["d", (e) => e.type === "dir"],
  ["L", (e) => e.type === "symlink"],
  ["D", (e) => e.type === "char" || e.type === "block"],
  ["p", (e) => e.type === "fifo"],
  ["u", (e) => (e.mode & 0o4000) !== 0],
  ["g", (e) => (e.mode & 0o2000) !== 0],
  ["c", (e) => e.type === "char"],
  ["t", (e) => (e.mode & 0o1000) !== 0],
];

export function modeString(e: TarEntry): string {
  const prefix =
    typeLetters
      .filter(([, test]) => test(e))
      .map(([letter]) => letter)
      .join("") || "-";
  const rwx = "rwxrwxrwx"
    .split("")
    .map((letter, index) => ((e.mode & (1 << (8 - index))) !== 0 ? letter : "-"))
    .join("");
  return prefix + rwx;
}
