// The 401 challenge: who gets credentials (only the registry's own host, over https or
// loopback http), and how they are offered (Basic, a token GET, or docker's refresh-token POST).
import { expect, test } from "vitest";
import {
  answerChallenge,
  basicHeader,
  parseChallenge,
  realmRefusal,
  tokenUrl,
  type Challenge,
} from "../../../scripts/registry/auth.ts";

const credentials = { username: "acme-bot", password: "ghp_secret" };

test.each([
  [
    'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/api:pull"',
    {
      scheme: "bearer",
      params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:acme/api:pull" },
    },
  ],
  ['Basic realm="Registry Realm"', { scheme: "basic", params: { realm: "Registry Realm" } }],
  ["", undefined],
  ["Negotiate abc", undefined],
])("parseChallenge(%j)", (header, expected) => {
  expect(parseChallenge(header)).toEqual(expected);
});

test.each([
  ["ghcr.io", "https://ghcr.io/token", undefined],
  ["ghcr.io:443", "https://ghcr.io/token", undefined],
  ["127.0.0.1:5000", "http://127.0.0.1:5001/auth", undefined],
  ["localhost:5000", "http://localhost:5000/token", undefined],
  ["ghcr.io", "http://ghcr.io/token", "the token realm http://ghcr.io is not https"],
  [
    "registry.example.com",
    "https://evil.example.net/token",
    "the token realm https://evil.example.net is not on the registry's host registry.example.com",
  ],
  [
    "127.0.0.1:5000",
    "http://203.0.113.9/token",
    "the token realm http://203.0.113.9 is not on the registry's host 127.0.0.1",
  ],
  [
    "127.0.0.1:5000",
    "https://auth.example.com/token",
    "the token realm https://auth.example.com is not on the registry's host 127.0.0.1",
  ],
])("realmRefusal(%s, %s)", (host, realm, expected) => {
  expect(realmRefusal(host, realm)).toBe(expected);
});

interface Seen {
  url: string;
  method: string;
  auth: string | undefined;
  body: string | undefined;
}

function tokenServer(): { fetchFn: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    seen.push({
      url,
      method: init?.method ?? "GET",
      auth: headers.authorization,
      body: typeof init?.body === "string" ? init.body : undefined,
    });
    return new Response(JSON.stringify({ token: "t0k" }), { status: 200 });
  }) as unknown as typeof fetch;
  return { fetchFn, seen };
}

function bearer(realm: string): Challenge {
  const challenge = parseChallenge(`Bearer realm="${realm}",service="svc"`);
  if (!challenge) throw new Error("challenge did not parse");
  return challenge;
}

test("a bearer challenge from the registry's own https realm gets a token fetched with Basic credentials", async () => {
  const { fetchFn, seen } = tokenServer();
  expect(tokenUrl(bearer("https://ghcr.io/token"), "acme/api")).toBe(
    "https://ghcr.io/token?service=svc&scope=repository%3Aacme%2Fapi%3Apull%2Cpush%2Cdelete",
  );
  const answer = await answerChallenge({
    challenge: bearer("https://ghcr.io/token"),
    registryHost: "ghcr.io",
    repository: "acme/api",
    credentials,
    fetchFn,
  });
  expect(answer).toEqual({ authorization: "Bearer t0k" });
  expect(seen[0]?.auth).toBe(basicHeader(credentials));
});

test.each([
  ["another host", "https://collector.example.net/token"],
  ["plain http", "http://ghcr.io/token"],
])("a realm on %s never sees the credentials: the token is asked for anonymously", async (_name, realm) => {
  const { fetchFn, seen } = tokenServer();
  const answer = await answerChallenge({
    challenge: bearer(realm),
    registryHost: "ghcr.io",
    repository: "acme/api",
    credentials,
    fetchFn,
  });
  expect(seen.map((call) => call.auth)).toEqual([undefined]);
  expect(answer.withheld).toMatch(/^credentials were not sent: the token realm /);
});

test("an identity token is exchanged like docker does: a refresh_token form POST, no Basic header", async () => {
  const { fetchFn, seen } = tokenServer();
  const withToken = { username: "", password: "", identityToken: "refresh-me" };
  const answer = await answerChallenge({
    challenge: bearer("https://acr.example.io/oauth2/token"),
    registryHost: "acr.example.io",
    repository: "acme/api",
    credentials: withToken,
    fetchFn,
  });
  expect(answer.authorization).toBe("Bearer t0k");
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({ url: "https://acr.example.io/oauth2/token", method: "POST", auth: undefined });
  expect(Object.fromEntries(new URLSearchParams(seen[0]?.body ?? ""))).toEqual({
    grant_type: "refresh_token",
    refresh_token: "refresh-me",
    client_id: "docker",
    service: "svc",
    scope: "repository:acme/api:pull,push,delete",
  });
});

test("a Basic challenge is answered with the credentials, and without them nothing is offered", async () => {
  const { fetchFn, seen } = tokenServer();
  const challenge: Challenge = { scheme: "basic", params: {} };
  expect(
    await answerChallenge({ challenge, registryHost: "127.0.0.1:5000", repository: "a", credentials, fetchFn }),
  ).toEqual({ authorization: basicHeader(credentials) });
  expect(
    await answerChallenge({
      challenge,
      registryHost: "127.0.0.1:5000",
      repository: "a",
      credentials: undefined,
      fetchFn,
    }),
  ).toEqual({});
  expect(seen).toEqual([]);
});
