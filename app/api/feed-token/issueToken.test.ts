import { describe, expect, it } from "vitest";
import { secretKey, verifyFeedToken } from "../../../lib/feedToken";
import { DEFAULT_TOKEN_TTL, issueToken, readTokenTtl, type TokenBody } from "./issueToken";

const SECRET = "0123456789abcdef0123456789abcdef-test-secret";
const NOW = 1_764_095_000_000;
const now = () => NOW;

function tokenOf(body: TokenBody): string {
  if (!("token" in body) || body.token === null) throw new Error(`expected a token, got ${JSON.stringify(body)}`);
  return body.token;
}

describe("issueToken (/api/feed-token)", () => {
  it("issues a token limited to the requested symbols that the feed server's check accepts", async () => {
    const answer = await issueToken({ symbols: "aapl, MSFT,AAPL" }, { FEED_AUTH_SECRET: SECRET, FEED_TOKEN_TTL: "60" }, now);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ symbols: ["AAPL", "MSFT"], expiresAt: NOW + 60_000 });
    const check = await verifyFeedToken(tokenOf(answer.body), secretKey(SECRET), now);
    expect(check).toEqual({ ok: true, claims: { exp: NOW / 1000 + 60, symbols: ["AAPL", "MSFT"] } });
  });

  it("issues an unrestricted token without symbols, expiring after the default TTL", async () => {
    const answer = await issueToken({ symbols: null }, { FEED_AUTH_SECRET: SECRET }, now);
    const check = await verifyFeedToken(tokenOf(answer.body), secretKey(SECRET), now);
    expect(check).toEqual({ ok: true, claims: { exp: NOW / 1000 + DEFAULT_TOKEN_TTL } });
    const later = await verifyFeedToken(tokenOf(answer.body), secretKey(SECRET), () => NOW + (DEFAULT_TOKEN_TTL + 1) * 1000);
    expect(later).toEqual({ ok: false, reason: "token expired" });
  });

  it("answers 400 for invalid or empty symbol lists", async () => {
    for (const symbols of ["AAPL,bad symbol", "", " , ", "A".repeat(21)]) {
      const answer = await issueToken({ symbols }, { FEED_AUTH_SECRET: SECRET }, now);
      expect(answer.status, symbols).toBe(400);
      expect(answer.body).toHaveProperty("error");
    }
  });

  it("answers token null when the feed needs no token", async () => {
    expect(await issueToken({ symbols: "AAPL" }, {}, now)).toEqual({ status: 200, body: { token: null }, warnings: [] });
    expect((await issueToken({ symbols: null }, { FEED_AUTH_SECRET: "" }, now)).body).toEqual({ token: null });
  });

  it("refuses to sign with a short secret, without saying more to the client", async () => {
    const answer = await issueToken({ symbols: null }, { FEED_AUTH_SECRET: "short" }, now);
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain("short");
    expect(answer.warnings[0]).toMatch(/at least 32 bytes/);
  });
});

describe("readTokenTtl", () => {
  it("reads whole seconds from 1 to 3600 and falls back to the default with a warning", () => {
    expect(readTokenTtl(undefined)).toEqual({ ttlSeconds: DEFAULT_TOKEN_TTL, warnings: [] });
    expect(readTokenTtl(" 3 ")).toEqual({ ttlSeconds: 3, warnings: [] });
    for (const bad of ["0", "1.5", "abc", "3601"]) {
      const result = readTokenTtl(bad);
      expect(result.ttlSeconds, bad).toBe(DEFAULT_TOKEN_TTL);
      expect(result.warnings, bad).toHaveLength(1);
    }
  });
});
