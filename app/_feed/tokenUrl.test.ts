import { describe, expect, it } from "vitest";
import { createTokenFetcher, readTokenAnswer, tokenRequestPath, type FetchLike } from "./tokenUrl";

function answering(status: number, body: unknown): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fetchImpl = async (input: string) => {
    calls.push(input);
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return Object.assign(fetchImpl, { calls });
}

describe("readTokenAnswer", () => {
  it("accepts a token or null and refuses anything else", () => {
    expect(readTokenAnswer({ token: "t", expiresAt: 1 })).toBe("t");
    expect(readTokenAnswer({ token: null })).toBeNull();
    for (const bad of [null, {}, { token: 5 }, { token: "" }, "t"]) expect(() => readTokenAnswer(bad)).toThrow();
  });
});

describe("tokenRequestPath", () => {
  it("asks for the watched symbols, merged with those the path names, and for none when nothing is watched", () => {
    expect(tokenRequestPath("/api/feed-token", ["AAPL", "BRK.B"])).toBe("/api/feed-token?symbols=AAPL,BRK.B");
    expect(tokenRequestPath("/api/feed-token?symbols=AAPL,MSFT", ["MSFT", "TSLA"])).toBe("/api/feed-token?symbols=AAPL,MSFT,TSLA");
    expect(tokenRequestPath("/api/feed-token", [])).toBe("/api/feed-token?symbols=");
    expect(tokenRequestPath("/t?x=1", ["EUR:USD"])).toBe("/t?x=1&symbols=EUR%3AUSD");
  });
});

describe("createTokenFetcher", () => {
  it("fetches a fresh token for the symbols asked, every time", async () => {
    const fetchImpl = answering(200, { token: "fresh" });
    const getToken = createTokenFetcher("/api/feed-token", fetchImpl);
    expect(await getToken(["AAPL"])).toBe("fresh");
    await getToken(["AAPL", "MSFT"]);
    expect(fetchImpl.calls).toEqual(["/api/feed-token?symbols=AAPL", "/api/feed-token?symbols=AAPL,MSFT"]);
  });

  it("answers null when the endpoint says the feed needs no token", async () => {
    expect(await createTokenFetcher("/t", answering(200, { token: null }))(["AAPL"])).toBeNull();
  });

  it("rejects on an error answer, so the feed client retries or falls back", async () => {
    await expect(createTokenFetcher("/t", answering(400, { error: "symbols" }))(["AAPL"])).rejects.toThrow("HTTP 400");
    await expect(createTokenFetcher("/t", answering(200, { nope: 1 }))(["AAPL"])).rejects.toThrow();
  });
});
