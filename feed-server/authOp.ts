/**
 * The `auth` op: a connection swaps its token for a fresh one without reconnecting. The new token
 * is verified exactly like one at connect (admission.verify: secret, algorithm, `iat`, lifetime,
 * origin against the connection's own), and must in addition allow every symbol the connection
 * holds: a token never takes a subscription away, so a client narrows its token by unsubscribing
 * first. It also moves the connection's per-token slot (FEED_MAX_CONN_PER_TOKEN) to the new token.
 */
import type { TokenCheck } from "../lib/feedToken";
import { type Admission, tokenKey } from "./admission";

export type Renewal =
  | { ok: true; check: Extract<TokenCheck, { ok: true }>; allowed: Set<string> | undefined; tokenSlot: string }
  | { ok: false; reason: string };

/** Symbols listed in a refusal, so one message stays short whatever the connection holds. */
const LISTED = 10;

/**
 * Decides a verified token for a connection that holds `subscribed` and the slot `currentSlot`.
 * When it accepts, the slot has already been moved: the caller must apply the result.
 */
export function decideRenewal(
  token: string,
  check: TokenCheck,
  subscribed: ReadonlySet<string>,
  currentSlot: string | undefined,
  admission: Pick<Admission, "moveToken">,
): Renewal {
  if (!check.ok) return { ok: false, reason: check.reason };
  const allowed = check.claims.symbols ? new Set(check.claims.symbols) : undefined;
  if (allowed) {
    const outside = [...subscribed].filter((symbol) => !allowed.has(symbol));
    if (outside.length > 0) {
      const listed = outside.slice(0, LISTED).join(", ") + (outside.length > LISTED ? ` and ${outside.length - LISTED} more` : "");
      return { ok: false, reason: `the token does not allow ${listed}, which this connection holds: unsubscribe first` };
    }
  }
  const tokenSlot = tokenKey(token, check);
  const moved = admission.moveToken(currentSlot, tokenSlot);
  if (!moved.ok) return { ok: false, reason: moved.reason };
  return { ok: true, check, allowed, tokenSlot };
}
