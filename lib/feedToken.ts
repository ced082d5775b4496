/**
 * Feed access tokens: HS256 JWTs that must carry `exp`, optionally limited to `symbols` and bound
 * to an `origin`. Signed by the dashboard (never in a browser) and checked by the feed server.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { isValidSymbol } from "./protocol";

export interface FeedTokenClaims {
  /** Expiry, seconds since the Unix epoch. */
  exp: number;
  /** When present, the only symbols the holder may subscribe to. */
  symbols?: string[];
  /** When present, the only Origin the token may be used from. */
  origin?: string;
}

export type TokenCheck = { ok: true; claims: FeedTokenClaims } | { ok: false; reason: string };

const MIN_SECRET_BYTES = 32;

export function secretKey(secret: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_SECRET_BYTES) {
    throw new RangeError(`the secret must be at least ${MIN_SECRET_BYTES} bytes for HS256`);
  }
  return key;
}

export interface SignOptions {
  /** Lifetime in seconds. */
  ttlSeconds: number;
  symbols?: string[];
  origin?: string;
  now?: () => number;
}

export async function signFeedToken(secret: string, options: SignOptions): Promise<string> {
  const nowSec = Math.floor((options.now ?? Date.now)() / 1000);
  const claims: Record<string, unknown> = {};
  if (options.symbols) claims.symbols = options.symbols;
  if (options.origin) claims.origin = options.origin;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + options.ttlSeconds)
    .sign(secretKey(secret));
}

/** Verifies signature, algorithm and expiry, and narrows the claims; never throws. */
export async function verifyFeedToken(token: string, key: Uint8Array, now: () => number = Date.now): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: "token missing" };
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      requiredClaims: ["exp"],
      currentDate: new Date(now()),
    });
    const claims: FeedTokenClaims = { exp: payload.exp as number };
    if (payload.symbols !== undefined) {
      if (!Array.isArray(payload.symbols) || !payload.symbols.every(isValidSymbol)) {
        return { ok: false, reason: "token claim symbols must be an array of symbols" };
      }
      claims.symbols = payload.symbols as string[];
    }
    if (payload.origin !== undefined) {
      if (typeof payload.origin !== "string") return { ok: false, reason: "token claim origin must be a string" };
      claims.origin = payload.origin;
    }
    return { ok: true, claims };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: "token expired" };
    if (err instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: "token signature invalid" };
    if (err instanceof errors.JWTClaimValidationFailed) return { ok: false, reason: `token claim ${err.claim} missing or invalid` };
    return { ok: false, reason: "token malformed" };
  }
}
