// The API: /health, /status (tool versions and which settings are present, found at run time),
// /render (headless Chromium).
// SIGTERM closes the server and the browser, then exits 0, so `docker stop` is quick and clean.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Renderer } from "./render.ts";
import { settingsReport } from "./settings.ts";
import { toolVersions } from "./versions.ts";

const port = Number(process.env.PORT ?? "3000");
const renderer = new Renderer(process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium");

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method !== "GET") return send(res, 405, { error: "only GET is supported" });
  if (url.pathname === "/health") return send(res, 200, { status: "ok" });
  if (url.pathname === "/status") {
    return send(res, 200, { status: "ok", versions: await toolVersions(), settings: settingsReport(process.env) });
  }
  if (url.pathname === "/render") {
    const html = url.searchParams.get("html");
    if (html === null) return send(res, 400, { error: "missing query parameter: html" });
    return send(res, 200, await renderer.render(html));
  }
  send(res, 404, { error: `no route for ${url.pathname}` });
}

const server = createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    console.error(error);
    send(res, 500, { error: error instanceof Error ? error.message : String(error) });
  });
});

function shutdown(signal: string): void {
  console.log(`${signal} received: closing the server and the browser`);
  server.closeAllConnections();
  server.close();
  // Exit 0 even if the browser is slow to close; Docker's grace period is 10 s.
  const timer = setTimeout(() => process.exit(0), 5_000);
  renderer.close().finally(() => {
    clearTimeout(timer);
    process.exit(0);
  });
}

process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
server.listen(port, () => {
  const { keys, storage, mcp } = settingsReport(process.env);
  // Names and states only: the log must never carry a key's value.
  console.log(
    `api listening on :${port}; keys present: ${keys.present.join(", ") || "none"}; mcp settings: ${mcp.state}`,
  );
  console.log(
    `storage: ${Object.entries(storage)
      .map(([name, state]) => `${name} ${state}`)
      .join(", ")}`,
  );
});
