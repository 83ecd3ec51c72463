// Generated Dockerfiles for the lint scale test and `pnpm bench`: many small files, one very large one.

/** 10 distinct RUN lines per file (no two scripts alike), each with an unquoted `$(date)` for SC2046. */
export function serviceDockerfile(index: number): string {
  const runs = Array.from(
    { length: 10 },
    (_, step) => `RUN echo "service ${index} step ${step}" $(date) && mkdir -p /opt/s${index}/${step}`,
  );
  return ["FROM debian:12", "ARG STEP=1", ...runs, ""].join("\n");
}

/** ~5 MB of RUN lines (about 52,000), the shape the fault-injection review used. */
export function largeDockerfile(bytes = 5_000_000): { text: string; unquoted: number } {
  const runs = [
    'RUN echo "building $VERSION" $(date) && ls -la /usr/local/bin',
    "RUN apt-get install -y --no-install-recommends curl=7.88.1-10 ca-certificates=20230311 && echo done",
    "RUN cd /tmp && tar xzf archive.tar.gz && make -j2 install prefix=/opt/app DESTDIR=/",
  ];
  const lines = ["FROM debian:12", "ARG VERSION=1"];
  let size = 0;
  let unquoted = 0;
  for (let i = 0; size < bytes; i += 1) {
    const line = runs[i % runs.length] as string;
    if (i % runs.length === 0) unquoted += 1;
    lines.push(line);
    size += line.length + 1;
  }
  return { text: `${lines.join("\n")}\n`, unquoted };
}
