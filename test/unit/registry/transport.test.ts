// The plain-HTTP door's pure parts: how an answer reads, and what a redirect sends next (as fetch).
import { describe, expect, test } from "vitest";
import { redirectedInit, reply, withCode } from "../../../scripts/registry/transport.ts";

describe("reply", () => {
  test("status, ok, headers by any case, the body as bytes and as JSON", async () => {
    const answer = reply(
      { statusCode: 200, headers: { "docker-content-digest": "sha256:1", "set-cookie": ["a=1", "b=2"] } },
      Buffer.from('{"tags":["x"]}'),
    );
    expect([answer.status, answer.ok]).toEqual([200, true]);
    expect(answer.headers.get("Docker-Content-Digest")).toBe("sha256:1");
    expect(answer.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(answer.headers.get("location")).toBeNull();
    expect(await answer.json()).toEqual({ tags: ["x"] });
    expect(Buffer.from(await answer.arrayBuffer()).toString()).toBe('{"tags":["x"]}');
  });

  test("a 404 is not ok, and a body that is not JSON rejects like fetch's", async () => {
    const answer = reply({ statusCode: 404, headers: {} }, Buffer.from("not found"));
    expect(answer.ok).toBe(false);
    await expect(answer.json()).rejects.toThrow(SyntaxError);
  });
});

describe("redirectedInit", () => {
  const post = { method: "POST", headers: { authorization: "Bearer t", accept: "a" }, body: "x=1" };

  test.each([
    [303, "PUT", "GET", false],
    [302, "POST", "GET", false],
    [301, "POST", "GET", false],
    [307, "POST", "POST", true],
    [308, "PUT", "PUT", true],
  ])("%i after %s → %s (body kept: %s)", (status, method, next, bodyKept) => {
    const init = redirectedInit({ ...post, method }, status, true);
    expect(init.method).toBe(next);
    expect(init.body !== undefined).toBe(bodyKept);
  });

  test("a HEAD stays a HEAD after a 303", () => {
    expect(redirectedInit({ method: "HEAD" }, 303, true).method).toBe("HEAD");
  });

  test("credentials go to the same origin only", () => {
    expect(redirectedInit(post, 307, true).headers).toEqual(post.headers);
    expect(redirectedInit(post, 307, false).headers).toEqual({ accept: "a" });
  });
});

test("a dropped connection says its code; a message that has it already is kept", () => {
  const hangUp = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
  expect(withCode(hangUp).message).toBe("socket hang up (ECONNRESET)");
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
  expect(withCode(refused)).toBe(refused);
});
