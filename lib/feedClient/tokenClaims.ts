/**
 * What the browser needs to know about a feed token it holds: how long it lives and which
 * symbols it allows. Read from the JWT payload without verifying it: the feed verifies, the
 * client only plans (when to renew, whether a new symbol needs a new token). Also where a
 * token goes on the WebSocket URL.
 */
import { decodeJwt } from "jose";
import { isValidSymbol } from "../protocol";

export interface TokenClaims {
  /** `exp - iat` in ms; the client renews at RENEW_AT of it, counted on its own clock. */
  lifetimeMs: number;
  /** The symbols the token allows; null = any. */
  symbols: ReadonlySet<string> | null;
}

/** Renew when this share of a token's lifetime has passed (the issue asks for "before expiry"). */
export const RENEW_AT = 0.8;

/** The claims of a feed token, or null when it is not a JWT with numeric `iat` < `exp` (then it is never renewed). */
export function readTokenClaims(token: string): TokenClaims | null {
  let payload: ReturnType<typeof decodeJwt>;
  try {
    payload = decodeJwt(token);
  } catch {
    return null;
  }
  const { iat, exp } = payload;
  if (typeof iat !== "number" || typeof exp !== "number" || !(exp > iat)) return null;
  const listed = payload.symbols;
  let symbols: ReadonlySet<string> | null = null;
  if (listed !== undefined) {
    if (!Array.isArray(listed) || !listed.every(isValidSymbol)) return null;
    symbols = new Set(listed as string[]);
  }
  return { lifetimeMs: (exp - iat) * 1000, symbols };
}

/** Whether a token with these claims allows every one of `symbols`. */
export function allowsAll(claims: TokenClaims, symbols: Iterable<string>): boolean {
  if (claims.symbols === null) return true;
  for (const symbol of symbols) if (!claims.symbols.has(symbol)) return false;
  return true;
}

/** `url` with `?token=` set (replacing an older one), or removed when `token` is null. */
export function withToken(url: string, token: string | null): string {
  const parsed = new URL(url);
  if (token === null) parsed.searchParams.delete("token");
  else parsed.searchParams.set("token", token);
  return parsed.toString();
}
