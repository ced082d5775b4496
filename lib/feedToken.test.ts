import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { secretKey, signFeedToken, verifyFeedToken } from "./feedToken";

const SECRET = "test-secret-that-is-at-least-32-bytes-long";
const key = secretKey(SECRET);
const T0 = 1_800_000_000_000;

describe("feed tokens", () => {
  it("accepts a valid token and returns its claims", async () => {
    const token = await signFeedToken(SECRET, { ttlSeconds: 60, symbols: ["AAPL"], origin: "https://a.example", now: () => T0 });
    expect(await verifyFeedToken(token, key, () => T0 + 1000)).toEqual({
      ok: true,
      claims: { exp: T0 / 1000 + 60, symbols: ["AAPL"], origin: "https://a.example" },
    });
  });

  it("rejects an expired token", async () => {
    const token = await signFeedToken(SECRET, { ttlSeconds: 60, now: () => T0 });
    expect(await verifyFeedToken(token, key, () => T0 + 61_000)).toEqual({ ok: false, reason: "token expired" });
  });

  it("rejects a wrong signature", async () => {
    const token = await signFeedToken("another-secret-that-is-also-32-bytes-long", { ttlSeconds: 60, now: () => T0 });
    expect(await verifyFeedToken(token, key, () => T0)).toEqual({ ok: false, reason: "token signature invalid" });
  });

  it("rejects a token without exp", async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).sign(key);
    expect(await verifyFeedToken(token, key, () => T0)).toEqual({ ok: false, reason: "token claim exp missing or invalid" });
  });

  it("rejects a malformed symbols claim, garbage, and a missing token", async () => {
    const bad = await new SignJWT({ symbols: "AAPL" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(T0 / 1000 + 60).sign(key);
    expect(await verifyFeedToken(bad, key, () => T0)).toMatchObject({ ok: false, reason: expect.stringMatching(/symbols/) });
    expect(await verifyFeedToken("not.a.jwt", key, () => T0)).toEqual({ ok: false, reason: "token malformed" });
    expect(await verifyFeedToken("", key, () => T0)).toEqual({ ok: false, reason: "token missing" });
  });

  it("refuses a short secret", () => {
    expect(() => secretKey("short")).toThrow(/32 bytes/);
  });
});
