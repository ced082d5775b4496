/**
 * The token endpoint as Next.js calls it: the audit's requests (issue 13, defect 1) against GET.
 * Each test sets its environment, since the route reads it per request.
 */
import { decodeJwt } from "jose";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const SECRET = "route-test-secret-0123456789abcdef0123456789";
const URL_ = "http://127.0.0.1:3000/api/feed-token";

async function get(headers: Record<string, string>, query = ""): Promise<Response> {
  const { GET } = await import("./route");
  return GET(new NextRequest(`${URL_}${query}`, { headers: { host: "127.0.0.1:3000", ...headers } }));
}

beforeEach(() => {
  vi.resetModules(); // a fresh rate limiter per test
  vi.stubEnv("FEED_AUTH_SECRET", SECRET);
  vi.stubEnv("EMBED_ALLOWED_ORIGINS", "https://news.example");
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("GET /api/feed-token", () => {
  it("answers 403 to Origin: https://evil.example instead of an unrestricted token", async () => {
    const res = await get({ origin: "https://evil.example", "x-forwarded-for": "198.51.100.7" });
    expect(res.status).toBe(403);
    expect(await res.json()).not.toHaveProperty("token");
  });

  it("binds an allowed embedder's token to its origin, lets it read the answer, and never caches", async () => {
    const res = await get({ origin: "https://news.example", "x-forwarded-for": "198.51.100.7" }, "?symbols=AAPL");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://news.example");
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    const body = (await res.json()) as { token: string };
    expect(decodeJwt(body.token)).toMatchObject({ origin: "https://news.example", symbols: ["AAPL"], iat: expect.any(Number), jti: expect.any(String) });
  });

  it("limits one address to TOKEN_RATE_LIMIT requests a minute (default 60), not 1000 of 1000", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) statuses.push((await get({ referer: "http://127.0.0.1:3000/", "x-forwarded-for": "198.51.100.7" }, "?symbols=AAPL")).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(940);
    const limited = await get({ referer: "http://127.0.0.1:3000/", "x-forwarded-for": "198.51.100.7" }, "?symbols=AAPL");
    expect(limited.headers.get("retry-after")).toBe("1");
    // Another address is counted on its own.
    expect((await get({ referer: "http://127.0.0.1:3000/", "x-forwarded-for": "198.51.100.8" }, "?symbols=AAPL")).status).toBe(200);
  });

  it("with FEED_TRUST_PROXY=1 counts the address the proxy appended, so a forged first entry does not help", async () => {
    vi.stubEnv("FEED_TRUST_PROXY", "1");
    vi.stubEnv("TOKEN_RATE_LIMIT", "2");
    const via = (forged: string) => ({ referer: "http://127.0.0.1:3000/", "x-forwarded-for": `${forged}, 203.0.113.5` });
    expect((await get(via("1.1.1.1"), "?symbols=AAPL")).status).toBe(200);
    expect((await get(via("2.2.2.2"), "?symbols=AAPL")).status).toBe(200);
    expect((await get(via("3.3.3.3"), "?symbols=AAPL")).status).toBe(429);
  });
});
