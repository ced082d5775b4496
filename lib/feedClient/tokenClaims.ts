/**
 * What the browser needs to know about a feed token it holds: how long it lives and which
 * symbols it allows. Read from the JWT payload without verifying it: the feed verifies, the
 * client only plans (when to renew, whether a new symbol needs a new token). Also where a
 * token goes on the WebSocket URL.
 */
import { decodeJwt } from "jose";
import { isValidSymbol } from "../protocol";

export interface TokenClaims {
  /**
   * How long the token surely lives after it was issued, in ms: `exp - iat` less one second,
   * since both are whole seconds and the token may have been signed up to a second after its
   * `iat`. The client renews at RENEW_AT of it, counted on its own clock, so a browser whose
   * wall clock is off still renews in time.
   */
  lifetimeMs: number;
  /** The symbols the token allows; null = any. */
  symbols: ReadonlySet<string> | null;
}

/** Renew when this share of a token's lifetime has passed (the issue asks for "before expiry"). */
export const RENEW_AT = 0.8;

/**
 * The claims of a feed token, or null when it is not a JWT with numeric `iat` and `exp` more than
 * a second apart: such a token is never renewed (its connection reconnects on the feed's 4401).
 */
export function readTokenClaims(token: string): TokenClaims | null {
  let payload: ReturnType<typeof decodeJwt>;
  try {
    payload = decodeJwt(token);
  } catch {
    return null;
  }
  const { iat, exp } = payload;
  if (typeof iat !== "number" || typeof exp !== "number" || !(exp - iat > 1)) return null;
  const listed = payload.symbols;
  let symbols: ReadonlySet<string> | null = null;
  if (listed !== undefined) {
    if (!Array.isArray(listed) || !listed.every(isValidSymbol)) return null;
    symbols = new Set(listed as string[]);
  }
  return { lifetimeMs: (exp - iat - 1) * 1000, symbols };
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
