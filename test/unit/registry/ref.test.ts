import { describe, expect, test } from "vitest";
import {
  formatRegistry,
  parseRegistry,
  registryBaseUrl,
  repositoryIn,
  splitTagReference,
} from "../../../scripts/registry/ref.ts";

describe("parseRegistry", () => {
  test.each([
    ["127.0.0.1:5000/rehearsal", { host: "127.0.0.1:5000", namespace: "rehearsal" }],
    ["ghcr.io/acme", { host: "ghcr.io", namespace: "acme" }],
    ["ghcr.io/acme/team/", { host: "ghcr.io", namespace: "acme/team" }],
    ["localhost:5000", { host: "localhost:5000", namespace: "" }],
    ["https://GHCR.io/acme", { host: "ghcr.io", namespace: "acme" }],
  ])("%s", (input, expected) => {
    expect(parseRegistry(input)).toEqual(expected);
    expect(formatRegistry(parseRegistry(input))).toBe(
      expected.namespace ? `${expected.host}/${expected.namespace}` : expected.host,
    );
  });

  test.each(["", "ghcr.io/Acme", "host:port/x", "ghcr.io//x", "a b"])("rejects %j with the expected form", (input) => {
    expect(() => parseRegistry(input)).toThrow(/HOST\[:PORT\]\[\/NAMESPACE\]|not a registry location/);
  });
});

test("repositoryIn puts the image under the namespace", () => {
  expect(repositoryIn(parseRegistry("127.0.0.1:5000/rehearsal"), "api")).toEqual({
    host: "127.0.0.1:5000",
    repository: "rehearsal/api",
  });
  expect(repositoryIn(parseRegistry("127.0.0.1:5000"), "api")).toEqual({ host: "127.0.0.1:5000", repository: "api" });
});

test.each([
  ["127.0.0.1:5000", "http://127.0.0.1:5000"],
  ["localhost:5000", "http://localhost:5000"],
  ["ghcr.io", "https://ghcr.io"],
  ["registry.example.com:5000", "https://registry.example.com:5000"],
])("registryBaseUrl(%s)", (host, url) => {
  expect(registryBaseUrl(host)).toBe(url);
});

test("splitTagReference keeps the port in the host", () => {
  expect(splitTagReference("127.0.0.1:5000/ns/api:1.2.3")).toEqual({
    repository: { host: "127.0.0.1:5000", repository: "ns/api" },
    tag: "1.2.3",
  });
  expect(() => splitTagReference("api:1.2.3")).toThrow(/HOST\/REPOSITORY:TAG/);
});
