import { describe, expect, it } from "vitest";
import { createTokenResolver, readTokenAnswer, withToken, type FetchLike } from "./tokenUrl";

function answering(status: number, body: unknown): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fetchImpl = async (input: string) => {
    calls.push(input);
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return Object.assign(fetchImpl, { calls });
}

describe("withToken", () => {
  it("sets, replaces and removes the token parameter", () => {
    expect(withToken("ws://h:9001/ws", "a.b.c")).toBe("ws://h:9001/ws?token=a.b.c");
    expect(withToken("wss://h/feed/ws?token=old&x=1", "new")).toBe("wss://h/feed/ws?token=new&x=1");
    expect(withToken("ws://h:9001/ws?token=old", null)).toBe("ws://h:9001/ws");
  });
});

describe("readTokenAnswer", () => {
  it("accepts a token or null and refuses anything else", () => {
    expect(readTokenAnswer({ token: "t", expiresAt: 1 })).toBe("t");
    expect(readTokenAnswer({ token: null })).toBeNull();
    for (const bad of [null, {}, { token: 5 }, { token: "" }, "t"]) expect(() => readTokenAnswer(bad)).toThrow();
  });
});

describe("createTokenResolver", () => {
  it("fetches a fresh token for every attempt", async () => {
    const fetchImpl = answering(200, { token: "fresh" });
    const resolve = createTokenResolver("/api/feed-token?symbols=AAPL", fetchImpl);
    expect(await resolve("ws://h:9001/ws")).toBe("ws://h:9001/ws?token=fresh");
    await resolve("ws://h:9001/ws");
    expect(fetchImpl.calls).toEqual(["/api/feed-token?symbols=AAPL", "/api/feed-token?symbols=AAPL"]);
  });

  it("connects without a token when the endpoint says none is needed", async () => {
    expect(await createTokenResolver("/t", answering(200, { token: null }))("ws://h:9001/ws")).toBe("ws://h:9001/ws");
  });

  it("rejects on an error answer, so the feed client retries with backoff", async () => {
    await expect(createTokenResolver("/t", answering(400, { error: "symbols" }))("ws://h/ws")).rejects.toThrow("HTTP 400");
    await expect(createTokenResolver("/t", answering(200, { nope: 1 }))("ws://h/ws")).rejects.toThrow();
  });
});
