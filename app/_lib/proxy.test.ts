/** proxy.ts (the Next.js 16 proxy, run per request): TOKEN_AUTH on pages and the token endpoint, and framing headers. */
import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { config, proxy } from "../../proxy";

const BASE = "http://127.0.0.1:3000";
const login = { authorization: `Basic ${Buffer.from("ops:correct horse").toString("base64")}` };
const run = (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`${BASE}${path}`, { headers }));

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("proxy matcher", () => {
  it("runs for pages, widgets and the token endpoint, not for static assets", () => {
    for (const path of ["/", "/symbol/AAPL", "/widgets", "/embed/quote?symbol=AAPL", "/api/feed-token?symbols=AAPL"]) {
      expect(unstable_doesMiddlewareMatch({ config, url: path }), path).toBe(true);
    }
    for (const path of ["/_next/static/chunks/app.js", "/widget.js", "/icon.svg"]) {
      expect(unstable_doesMiddlewareMatch({ config, url: path }), path).toBe(false);
    }
  });
});

describe("proxy with TOKEN_AUTH=basic", () => {
  beforeEach(() => {
    vi.stubEnv("TOKEN_AUTH", "basic");
    vi.stubEnv("TOKEN_AUTH_USER", "ops");
    vi.stubEnv("TOKEN_AUTH_PASSWORD", "correct horse");
  });

  it("asks for the login on dashboard pages, widgets and the token endpoint", async () => {
    for (const path of ["/", "/symbol/AAPL", "/widgets", "/embed/quote?symbol=AAPL", "/api/feed-token?symbols=AAPL"]) {
      const res = run(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("www-authenticate"), path).toMatch(/^Basic/);
    }
  });

  it("lets a logged-in request through, with the widget framing policy on /embed only", () => {
    const page = run("/", login);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-middleware-next")).toBe("1");
    expect(page.headers.get("content-security-policy")).toBeNull();
    expect(run("/embed/quote?symbol=AAPL", login).headers.get("content-security-policy")).toBe("frame-ancestors *");
  });
});

describe("proxy with TOKEN_AUTH=header", () => {
  it("refuses requests without the proxy's login header", () => {
    vi.stubEnv("TOKEN_AUTH", "header");
    expect(run("/api/feed-token?symbols=AAPL").status).toBe(401);
    expect(run("/api/feed-token?symbols=AAPL", { "x-forwarded-user": "ada" }).status).toBe(200);
  });
});

describe("proxy without TOKEN_AUTH", () => {
  it("lets every request through and sets frame-ancestors from EMBED_ALLOWED_ORIGINS on /embed", () => {
    vi.stubEnv("EMBED_ALLOWED_ORIGINS", "https://news.example");
    expect(run("/").status).toBe(200);
    expect(run("/embed/quote?symbol=AAPL").headers.get("content-security-policy")).toBe("frame-ancestors 'self' https://news.example");
    expect(run("/embedded").headers.get("content-security-policy")).toBeNull();
  });

  it("fails closed on a TOKEN_AUTH it does not know", () => {
    vi.stubEnv("TOKEN_AUTH", "basci");
    expect(run("/").status).toBe(500);
  });
});
