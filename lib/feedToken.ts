/**
 * Feed access tokens: HS256 JWTs that must carry `iat` and `exp`, with a lifetime the verifier
 * bounds, optionally limited to `symbols`, bound to an `origin` and named by a `jti` (the feed
 * counts connections per token). Signed by the dashboard (never in a browser), checked by the feed.
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { isValidSymbol } from "./protocol";

export interface FeedTokenClaims {
  /** Issued at, seconds since the Unix epoch. */
  iat: number;
  /** Expiry, seconds since the Unix epoch. */
  exp: number;
  /** Token id; the feed limits concurrent connections per id. */
  jti?: string;
  /** When present, the only symbols the holder may subscribe to. */
  symbols?: string[];
  /** When present, the only Origin the token may be used from. */
  origin?: string;
}

export type TokenCheck = { ok: true; claims: FeedTokenClaims } | { ok: false; reason: string };

const MIN_SECRET_BYTES = 32;
/** Clocks of the signer and the verifier may disagree by this much before `iat` counts as future. */
export const CLOCK_SKEW_SECONDS = 60;
/** The longest lifetime (`exp - iat`) a verifier accepts unless told otherwise (FEED_TOKEN_MAX_TTL_S). */
export const DEFAULT_MAX_TTL_SECONDS = 3_600;

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
  jti?: string;
  now?: () => number;
}

export async function signFeedToken(secret: string, options: SignOptions): Promise<string> {
  const nowSec = Math.floor((options.now ?? Date.now)() / 1000);
  const claims: Record<string, unknown> = {};
  if (options.symbols) claims.symbols = options.symbols;
  if (options.origin) claims.origin = options.origin;
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" });
  if (options.jti) jwt.setJti(options.jti);
  return jwt
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + options.ttlSeconds)
    .sign(secretKey(secret));
}

export interface VerifyOptions {
  now?: () => number;
  /** Longest accepted lifetime (`exp - iat`) in seconds. Default DEFAULT_MAX_TTL_SECONDS. */
  maxTtlSeconds?: number;
}

/** Verifies signature, algorithm, `iat`, expiry and lifetime, and narrows the claims; never throws. */
export async function verifyFeedToken(token: string, key: Uint8Array, options: VerifyOptions = {}): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: "token missing" };
  const now = options.now ?? Date.now;
  const maxTtl = options.maxTtlSeconds ?? DEFAULT_MAX_TTL_SECONDS;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      requiredClaims: ["exp", "iat"],
      currentDate: new Date(now()),
    });
    const claims: FeedTokenClaims = { iat: payload.iat as number, exp: payload.exp as number };
    // A token "issued" in the future with a short exp - iat would otherwise live as long as it likes.
    if (claims.iat > now() / 1000 + CLOCK_SKEW_SECONDS) return { ok: false, reason: "token claim iat is in the future" };
    if (claims.exp - claims.iat > maxTtl) return { ok: false, reason: `token lifetime exceeds ${maxTtl} s` };
    if (payload.jti !== undefined) {
      if (typeof payload.jti !== "string" || payload.jti === "") return { ok: false, reason: "token claim jti must be a string" };
      claims.jti = payload.jti;
    }
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
