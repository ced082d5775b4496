import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { secretKey, signFeedToken, verifyFeedToken } from "./feedToken";

const SECRET = "test-secret-that-is-at-least-32-bytes-long";
const key = secretKey(SECRET);
const T0 = 1_800_000_000_000;

describe("feed tokens", () => {
  it("accepts a valid token and returns its claims", async () => {
    const token = await signFeedToken(SECRET, { ttlSeconds: 60, symbols: ["AAPL"], origin: "https://a.example", now: () => T0 });
    expect(await verifyFeedToken(token, key, { now: () => T0 + 1000 })).toEqual({
      ok: true,
      claims: { iat: T0 / 1000, exp: T0 / 1000 + 60, symbols: ["AAPL"], origin: "https://a.example" },
    });
  });

  it("rejects an expired token", async () => {
    const token = await signFeedToken(SECRET, { ttlSeconds: 60, now: () => T0 });
    expect(await verifyFeedToken(token, key, { now: () => T0 + 61_000 })).toEqual({ ok: false, reason: "token expired" });
  });

  it("rejects a wrong signature", async () => {
    const token = await signFeedToken("another-secret-that-is-also-32-bytes-long", { ttlSeconds: 60, now: () => T0 });
    expect(await verifyFeedToken(token, key, { now: () => T0 })).toEqual({ ok: false, reason: "token signature invalid" });
  });

  it("rejects a token without exp", async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuedAt(T0 / 1000).sign(key);
    expect(await verifyFeedToken(token, key, { now: () => T0 })).toEqual({ ok: false, reason: "token claim exp missing or invalid" });
  });

  it("rejects a malformed symbols claim, garbage, and a missing token", async () => {
    const bad = await new SignJWT({ symbols: "AAPL" }).setProtectedHeader({ alg: "HS256" }).setIssuedAt(T0 / 1000).setExpirationTime(T0 / 1000 + 60).sign(key);
    expect(await verifyFeedToken(bad, key, { now: () => T0 })).toMatchObject({ ok: false, reason: expect.stringMatching(/symbols/) });
    expect(await verifyFeedToken("not.a.jwt", key, { now: () => T0 })).toEqual({ ok: false, reason: "token malformed" });
    expect(await verifyFeedToken("", key, { now: () => T0 })).toEqual({ ok: false, reason: "token missing" });
  });

  // Issue 13, defect 9: a token expiring in the year 3000 was accepted.
  it("rejects a token without iat, whatever its expiry", async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setExpirationTime(T0 / 1000 + 60).sign(key);
    expect(await verifyFeedToken(token, key, { now: () => T0 })).toEqual({ ok: false, reason: "token claim iat missing or invalid" });
  });

  it("rejects a lifetime beyond maxTtlSeconds (default 3600), and an iat in the future", async () => {
    const year3000 = Date.UTC(3000, 0, 1) / 1000;
    const forever = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuedAt(T0 / 1000).setExpirationTime(year3000).sign(key);
    expect(await verifyFeedToken(forever, key, { now: () => T0 })).toEqual({ ok: false, reason: "token lifetime exceeds 3600 s" });
    const hour = await signFeedToken(SECRET, { ttlSeconds: 3_600, now: () => T0 });
    expect(await verifyFeedToken(hour, key, { now: () => T0 })).toMatchObject({ ok: true });
    expect(await verifyFeedToken(hour, key, { now: () => T0, maxTtlSeconds: 300 })).toEqual({ ok: false, reason: "token lifetime exceeds 300 s" });
    const future = await signFeedToken(SECRET, { ttlSeconds: 60, now: () => Date.UTC(2999, 11, 31, 23) });
    expect(await verifyFeedToken(future, key, { now: () => T0 })).toEqual({ ok: false, reason: "token claim iat is in the future" });
    const skewed = await signFeedToken(SECRET, { ttlSeconds: 60, now: () => T0 + 30_000 });
    expect(await verifyFeedToken(skewed, key, { now: () => T0 })).toMatchObject({ ok: true });
  });

  it("returns jti, and rejects a jti that is not a string", async () => {
    const token = await signFeedToken(SECRET, { ttlSeconds: 60, jti: "abc", now: () => T0 });
    expect(await verifyFeedToken(token, key, { now: () => T0 })).toMatchObject({ ok: true, claims: { jti: "abc" } });
    const bad = await new SignJWT({ jti: 7 } as Record<string, unknown>).setProtectedHeader({ alg: "HS256" }).setIssuedAt(T0 / 1000).setExpirationTime(T0 / 1000 + 60).sign(key);
    expect(await verifyFeedToken(bad, key, { now: () => T0 })).toMatchObject({ ok: false });
  });

  it("refuses a short secret", () => {
    expect(() => secretKey("short")).toThrow(/32 bytes/);
  });
});
