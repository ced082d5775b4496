import { describe, expect, it } from "vitest";
import { secretKey, verifyFeedToken } from "../../../lib/feedToken";
import { DEFAULT_TOKEN_TTL, issueToken, type TokenBody, type TokenEnv, type TokenRequest } from "./issueToken";

const SECRET = "0123456789abcdef0123456789abcdef-test-secret";
const NOW = 1_764_095_000_000;
const deps = { now: () => NOW, randomId: () => "id-1" };
const DASH = "http://127.0.0.1:3000";
const key = secretKey(SECRET);

/** A request as the browser sends it from `page` (same-origin: Referer only; cross-origin: Origin). */
function from(page: string | null, symbols: string | null = "AAPL", extra: Partial<TokenRequest> = {}): TokenRequest {
  const sameOrigin = page !== null && page.startsWith(DASH);
  return {
    symbols,
    origin: page !== null && !sameOrigin ? new URL(page).origin : null,
    referer: page,
    host: "127.0.0.1:3000",
    forwardedProto: "http",
    ...extra,
  };
}

function tokenOf(body: TokenBody): string {
  if (!("token" in body) || body.token === null) throw new Error(`expected a token, got ${JSON.stringify(body)}`);
  return body.token;
}

const env: TokenEnv = { FEED_AUTH_SECRET: SECRET, EMBED_ALLOWED_ORIGINS: "https://news.example" };

describe("issueToken: who gets a token (issue 13, defect 1)", () => {
  it("refuses a page of another origin with 403, as the audit's curl -H 'Origin: https://evil.example' got a token", async () => {
    const answer = await issueToken(from("https://evil.example/page", null), env, deps);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: "origin https://evil.example may not use this feed" });
    expect((await issueToken(from("https://evil.example/page"), env, deps)).status).toBe(403);
  });

  it("refuses a request with neither Origin nor Referer, an opaque Origin and a non-http Referer", async () => {
    expect((await issueToken(from(null), env, deps)).status).toBe(403);
    expect((await issueToken(from(null, "AAPL", { origin: "null" }), env, deps)).status).toBe(403);
    expect((await issueToken(from(null, "AAPL", { referer: "file:///tmp/x.html" }), env, deps)).status).toBe(403);
  });

  it("prefers Origin over Referer, so a forged-looking Referer cannot launder another site", async () => {
    const answer = await issueToken(from(`${DASH}/`, "AAPL", { origin: "https://evil.example" }), env, deps);
    expect(answer.status).toBe(403);
  });

  it("binds the dashboard's own pages' tokens to its origin, with iat, jti and the default 5-minute lifetime", async () => {
    const answer = await issueToken(from(`${DASH}/embed/quote?symbol=AAPL`, "aapl,MSFT"), env, deps);
    expect(answer).toMatchObject({ status: 200, corsOrigin: null, body: { symbols: ["AAPL", "MSFT"], expiresAt: NOW + 300_000 } });
    expect(DEFAULT_TOKEN_TTL).toBe(300);
    expect(await verifyFeedToken(tokenOf(answer.body), key, { now: () => NOW })).toEqual({
      ok: true,
      claims: { iat: NOW / 1000, exp: NOW / 1000 + 300, jti: "id-1", symbols: ["AAPL", "MSFT"], origin: DASH },
    });
  });

  it("gives an EMBED_ALLOWED_ORIGINS page a token bound to that origin, with a CORS header to read it", async () => {
    const answer = await issueToken(from("https://news.example/article"), env, deps);
    expect(answer).toMatchObject({ status: 200, corsOrigin: "https://news.example" });
    const check = await verifyFeedToken(tokenOf(answer.body), key, { now: () => NOW });
    expect(check).toMatchObject({ ok: true, claims: { origin: "https://news.example", symbols: ["AAPL"] } });
  });

  it("takes the dashboard's origin from DASHBOARD_ORIGIN when set, not from the Host header", async () => {
    const fixed = { ...env, DASHBOARD_ORIGIN: "https://ticker.example" };
    expect((await issueToken(from(`${DASH}/`), fixed, deps)).status).toBe(403);
    const answer = await issueToken(from(null, "AAPL", { referer: "https://ticker.example/symbol/AAPL" }), fixed, deps);
    expect(answer.status).toBe(200);
    const bad = await issueToken(from(`${DASH}/`), { ...env, DASHBOARD_ORIGIN: "ticker.example" }, deps);
    expect(bad.status).toBe(500);
    expect(bad.warnings[0]).toMatch(/DASHBOARD_ORIGIN/);
  });

  it("uses the scheme Next.js recorded, so https pages behind a TLS proxy match", async () => {
    const answer = await issueToken(
      from(null, "AAPL", { referer: "https://ticker.example/", host: "ticker.example", forwardedProto: "https" }),
      env,
      deps,
    );
    expect(answer.status).toBe(200);
  });
});

describe("issueToken: what a token allows", () => {
  it("never issues symbols:null unless FEED_TOKEN_UNRESTRICTED=1, and then only to the dashboard's own pages", async () => {
    const refused = await issueToken(from(`${DASH}/`, null), env, deps);
    expect(refused.status).toBe(403);
    expect(refused.warnings.join()).toMatch(/FEED_TOKEN_UNRESTRICTED=1/);
    const open = { ...env, FEED_TOKEN_UNRESTRICTED: "1" };
    const dashboard = await issueToken(from(`${DASH}/`, null), open, deps);
    expect(dashboard.body).toMatchObject({ symbols: null });
    const check = await verifyFeedToken(tokenOf(dashboard.body), key, { now: () => NOW });
    expect(check).toMatchObject({ ok: true, claims: { origin: DASH } });
    expect(check.ok && check.claims.symbols).toBeUndefined();
    expect((await issueToken(from("https://news.example/", null), open, deps)).status).toBe(403);
  });

  it("limits the list to FEED_MAX_SYMBOLS (default 200) and answers 400 for invalid or empty lists", async () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `S${i}`).join(",");
    expect((await issueToken(from(`${DASH}/`, list(200)), env, deps)).status).toBe(200);
    expect((await issueToken(from(`${DASH}/`, list(201)), env, deps)).status).toBe(400);
    expect((await issueToken(from(`${DASH}/`, list(4)), { ...env, FEED_MAX_SYMBOLS: "3" }, deps)).status).toBe(400);
    for (const symbols of ["AAPL,bad symbol", " , ", ",", "A".repeat(21)]) {
      const answer = await issueToken(from(`${DASH}/`, symbols), env, deps);
      expect(answer.status, symbols).toBe(400);
      expect(answer.body).toHaveProperty("error");
    }
  });

  it("gives `symbols=` with nothing a token that allows no symbol yet (the dashboard's first connect)", async () => {
    const answer = await issueToken(from(`${DASH}/`, ""), env, deps);
    expect(answer).toMatchObject({ status: 200, body: { symbols: [] } });
    const check = await verifyFeedToken(tokenOf(answer.body), key, { now: () => NOW });
    expect(check).toMatchObject({ ok: true, claims: { symbols: [], origin: DASH } });
  });

  it("reads FEED_TOKEN_TTL up to FEED_TOKEN_MAX_TTL_S, falling back to the default with a warning", async () => {
    const ttl = async (extra: TokenEnv) => {
      const answer = await issueToken(from(`${DASH}/`), { ...env, ...extra }, deps);
      return { seconds: "expiresAt" in answer.body ? (answer.body.expiresAt - NOW) / 1000 : NaN, warnings: answer.warnings };
    };
    expect(await ttl({ FEED_TOKEN_TTL: " 3 " })).toEqual({ seconds: 3, warnings: [] });
    expect(await ttl({ FEED_TOKEN_TTL: "3600" })).toEqual({ seconds: 3600, warnings: [] });
    for (const bad of ["0", "1.5", "abc", "3601"]) {
      const result = await ttl({ FEED_TOKEN_TTL: bad });
      expect(result.seconds, bad).toBe(DEFAULT_TOKEN_TTL);
      expect(result.warnings, bad).toHaveLength(1);
    }
    expect((await ttl({ FEED_TOKEN_TTL: "900", FEED_TOKEN_MAX_TTL_S: "600" })).seconds).toBe(DEFAULT_TOKEN_TTL);
    expect((await ttl({ FEED_TOKEN_MAX_TTL_S: "120" })).seconds).toBe(120);
  });

  it("answers token null when the feed needs no token, still refusing other origins", async () => {
    expect(await issueToken(from(`${DASH}/`), {}, deps)).toEqual({ status: 200, body: { token: null }, corsOrigin: null, warnings: [] });
    expect((await issueToken(from(`${DASH}/`, null), { FEED_AUTH_SECRET: "" }, deps)).body).toEqual({ token: null });
    expect((await issueToken(from("https://evil.example/"), { EMBED_ALLOWED_ORIGINS: "https://news.example" }, deps)).status).toBe(403);
  });

  it("refuses to sign with a short secret, without saying more to the client", async () => {
    const answer = await issueToken(from(`${DASH}/`), { FEED_AUTH_SECRET: "short" }, deps);
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain("short");
    expect(answer.warnings[0]).toMatch(/at least 32 bytes/);
  });

  it("gives every token its own jti", async () => {
    const a = await issueToken(from(`${DASH}/`), env);
    const b = await issueToken(from(`${DASH}/`), env);
    const jti = async (body: TokenBody) => {
      const check = await verifyFeedToken(tokenOf(body), key);
      return check.ok ? check.claims.jti : undefined;
    };
    expect(await jti(a.body)).toMatch(/^[0-9a-f-]{36}$/);
    expect(await jti(a.body)).not.toBe(await jti(b.body));
  });
});
