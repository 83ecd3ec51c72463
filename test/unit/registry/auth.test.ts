import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { answerChallenge, basicHeader, credentialsFor, parseChallenge, tokenUrl } from "../../../scripts/registry/auth.ts";

const dockerConfig = readFileSync(new URL("../../fixtures/release/docker-config.json", import.meta.url), "utf8");

test.each([
  ["ghcr.io", { username: "acme-bot", password: "ghp_secret" }],
  ["registry.example.com", { username: "robot", password: "p@ss:word" }],
  ["127.0.0.1:5000", undefined],
  ["quay.io", undefined],
])("credentials for %s from docker's config.json", (host, expected) => {
  expect(credentialsFor(host, {}, dockerConfig)).toEqual(expected);
});

test("IMAGES_REGISTRY_USERNAME/PASSWORD win over the docker config", () => {
  expect(credentialsFor("ghcr.io", { IMAGES_REGISTRY_USERNAME: "ci", IMAGES_REGISTRY_PASSWORD: "token" }, dockerConfig)).toEqual({ username: "ci", password: "token" });
  expect(credentialsFor("ghcr.io", {}, "not json")).toBeUndefined();
});

test.each([
  ['Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"', { scheme: "bearer", params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:acme/api:pull" } }],
  ['Basic realm="Registry Realm"', { scheme: "basic", params: { realm: "Registry Realm" } }],
  ["", undefined],
  ["Negotiate abc", undefined],
])("parseChallenge(%j)", (header, expected) => {
  expect(parseChallenge(header)).toEqual(expected);
});

test("a bearer challenge is answered with a token fetched with Basic credentials", async () => {
  const challenge = parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io"');
  if (!challenge) throw new Error("challenge did not parse");
  expect(tokenUrl(challenge, "acme/api")).toBe("https://ghcr.io/token?service=ghcr.io&scope=repository%3Aacme%2Fapi%3Apull%2Cpush%2Cdelete");
  const seen: { url: string; auth: string | undefined }[] = [];
  const fakeFetch = (async (url: string, init?: RequestInit) => {
    seen.push({ url, auth: (init?.headers as Record<string, string>).authorization });
    return new Response(JSON.stringify({ token: "t0k" }), { status: 200 });
  }) as unknown as typeof fetch;
  const credentials = { username: "acme-bot", password: "ghp_secret" };
  expect(await answerChallenge(challenge, "acme/api", credentials, fakeFetch)).toBe("Bearer t0k");
  expect(seen[0]?.auth).toBe(basicHeader(credentials));
});
