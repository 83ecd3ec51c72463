// HEALTHCHECK probe run by Docker inside the container: node only, no curl in the image.
import { get } from "node:http";

const port = process.env.PORT ?? "3000";
const request = get({ host: "127.0.0.1", port, path: "/health", timeout: 4_000 }, (res) => {
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on("timeout", () => request.destroy(new Error("timed out")));
request.on("error", () => process.exit(1));
