import { describe, expect, it } from "vitest";
import { signFeedToken } from "../feedToken";
import { allowsAll, readTokenClaims, withToken } from "./tokenClaims";

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const unsigned = (payload: unknown) => `${part({ alg: "HS256" })}.${part(payload)}.x`;

describe("readTokenClaims", () => {
  it("reads the lifetime and symbols of a real feed token", async () => {
    const token = await signFeedToken("0123456789abcdef0123456789abcdef-secret", { ttlSeconds: 300, symbols: ["AAPL", "BTC-USD"] });
    const claims = readTokenClaims(token);
    expect(claims?.lifetimeMs).toBe(299_000); // iat is a whole second: up to 1 s of it may have passed
    expect([...(claims?.symbols ?? [])]).toEqual(["AAPL", "BTC-USD"]);
  });

  it("treats a token without symbols as allowing any", () => {
    const claims = readTokenClaims(unsigned({ iat: 10, exp: 70 }));
    expect(claims).toEqual({ lifetimeMs: 59_000, symbols: null });
    expect(allowsAll(claims!, ["ANY"])).toBe(true);
  });

  it.each([
    ["not a JWT", "garbage"],
    ["no iat", unsigned({ exp: 70 })],
    ["exp at iat", unsigned({ iat: 70, exp: 70 })],
    ["a lifetime of one second, too short to renew", unsigned({ iat: 70, exp: 71 })],
    ["string times", unsigned({ iat: "1", exp: "2" })],
    ["symbols not a list of symbols", unsigned({ iat: 1, exp: 20, symbols: ["bad symbol"] })],
    ["a payload that is not JSON", `${part({ alg: "HS256" })}.bm90IGpzb24.x`],
  ])("returns null for %s", (_why, token) => {
    expect(readTokenClaims(token)).toBeNull();
  });
});

describe("allowsAll", () => {
  it("is true only when every symbol is listed", () => {
    const claims = readTokenClaims(unsigned({ iat: 1, exp: 20, symbols: ["AAPL"] }))!;
    expect(allowsAll(claims, [])).toBe(true);
    expect(allowsAll(claims, ["AAPL"])).toBe(true);
    expect(allowsAll(claims, new Set(["AAPL", "MSFT"]))).toBe(false);
  });
});

describe("withToken", () => {
  it("sets, replaces and removes the token parameter", () => {
    expect(withToken("ws://h:9001/ws", "a.b.c")).toBe("ws://h:9001/ws?token=a.b.c");
    expect(withToken("wss://h/feed/ws?token=old&x=1", "new")).toBe("wss://h/feed/ws?token=new&x=1");
    expect(withToken("ws://h:9001/ws?token=old", null)).toBe("ws://h:9001/ws");
  });
});
