/**
 * A feed client's token for its current connection, when the client fetches tokens itself
 * (`getToken`): asked for the watched symbols before connecting, renewed with the `auth` op at
 * RENEW_AT of its lifetime, and replaced by a wider one before subscribing to a symbol it does
 * not allow. One request at a time; an answer that arrives after its connection ended is dropped.
 *
 * Failures fall back to reconnecting, which resumes with no gap. A renewal that cannot be fetched,
 * or that the feed refuses, is left to the feed's 4401 at the old token's expiry (after a refusal
 * the keeper stops renewing and widening on that connection: a feed that refuses `auth` because it
 * uses no tokens then simply keeps the connection). When a token for symbols on hold cannot be
 * had, the host sends them anyway for the feed to judge, and asks again with the next token.
 */
import { allowsAll, readTokenClaims, RENEW_AT, withToken, type TokenClaims } from "./tokenClaims";
import { TimerSlot } from "./timerSlot";

export interface TokenKeeperHost {
  /** Fetches a token allowing `symbols`; null when the feed needs none. */
  getToken(symbols: readonly string[]): Promise<string | null>;
  /** Every watched symbol: what each new token is asked for. */
  watched(): readonly string[];
  /** Symbols subscribed on this connection: a token presented with `auth` must allow them all. */
  subscribed(): Iterable<string>;
  /** Sends `{"op":"auth","token":...}` on the current connection. */
  sendAuth(token: string): void;
  /** A new token is in use: subscriptions held back for it may go out now. */
  onNewToken(): void;
  /** A token was needed and could not be had (fetch failed, or it allows too little). */
  onTokenFailed(): void;
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export class TokenKeeper {
  /** The connection's token as the client last presented it (optimistically); null: none, or not readable. */
  private claims: TokenClaims | null = null;
  /** When the connect token was asked for: its lifetime is counted from then, on the client's clock. */
  private connectRequestedAt = 0;
  /** Tokens sent with `auth` and not answered yet, oldest first. */
  private readonly unanswered: { requestedAt: number; claims: TokenClaims }[] = [];
  private inFlight = false;
  /** Bumped when a new symbol is watched; each request remembers the value it was made at. */
  private watchVersion = 0;
  private requestedVersion = 0;
  /** Bumped by reset(): answers for an older connection are dropped. */
  private connection = 0;
  private readonly renewTimer: TimerSlot;

  constructor(private readonly host: TokenKeeperHost) {
    this.renewTimer = new TimerSlot(host.setTimeout, host.clearTimeout);
  }

  /** Whether a renewal is scheduled (for tests and stop()). */
  get renewalArmed(): boolean {
    return this.renewTimer.armed;
  }

  /** The `resolveUrl` of a connect attempt: a fresh token for the watched symbols on `url`. */
  async urlFor(url: string): Promise<string> {
    const connection = this.connection;
    const requestedAt = this.host.now();
    this.requestedVersion = this.watchVersion;
    const token = await this.host.getToken(this.host.watched());
    if (connection === this.connection) {
      this.claims = token === null ? null : readTokenClaims(token);
      this.connectRequestedAt = requestedAt;
    }
    return withToken(url, token);
  }

  /** The connection delivered its welcome: schedule the connect token's renewal. */
  live(): void {
    this.scheduleRenewal(this.connectRequestedAt, this.claims);
  }

  /** The connection ended: forget its token and drop answers still on their way. */
  reset(): void {
    this.connection += 1;
    this.renewTimer.clear();
    this.claims = null;
    this.unanswered.length = 0;
    this.inFlight = false;
  }

  /** A symbol was added to the watch set. */
  watchGrew(): void {
    this.watchVersion += 1;
  }

  /**
   * Of the symbols about to be subscribed, those to hold back until a token that allows them is
   * in use; asks for that token when needed. Empty when all may go out now, including when a token
   * was fetched since they were watched and still does not allow them: then the feed's
   * UNAUTHORIZED answer tells the listeners, rather than a wait that never ends.
   */
  toHold(symbols: readonly string[]): string[] {
    const allowed = this.claims?.symbols;
    if (!allowed) return [];
    const outside = symbols.filter((symbol) => !allowed.has(symbol));
    if (outside.length === 0) return [];
    if (this.inFlight) return outside;
    if (this.watchVersion === this.requestedVersion) return [];
    this.request();
    return outside;
  }

  /**
   * The feed refused an `auth` op (TOKEN_REFUSED): stop renewing and widening on this connection.
   * It runs on its old token until the feed's 4401, after which the reconnect fetches a new one.
   */
  refused(): void {
    this.claims = null;
    this.unanswered.length = 0;
    this.renewTimer.clear();
  }

  /** The feed answered an `auth` op with `authed`: renew that token in its turn. */
  authed(): void {
    const answered = this.unanswered.shift();
    if (answered) this.scheduleRenewal(answered.requestedAt, answered.claims);
  }

  private scheduleRenewal(requestedAt: number, claims: TokenClaims | null): void {
    if (claims === null) return this.renewTimer.clear();
    const delay = Math.max(0, requestedAt + claims.lifetimeMs * RENEW_AT - this.host.now());
    // A request already on its way brings a fresh token too.
    this.renewTimer.set(() => {
      if (!this.inFlight) this.request();
    }, delay);
  }

  private request(): void {
    this.inFlight = true;
    this.requestedVersion = this.watchVersion;
    const connection = this.connection;
    const requestedAt = this.host.now();
    let answer: Promise<string | null>;
    try {
      answer = Promise.resolve(this.host.getToken(this.host.watched()));
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer.then(
      (token) => {
        if (connection !== this.connection) return;
        this.inFlight = false;
        this.adopt(token, requestedAt);
      },
      () => {
        if (connection !== this.connection) return;
        this.inFlight = false;
        this.host.onTokenFailed();
      },
    );
  }

  private adopt(token: string | null, requestedAt: number): void {
    const claims = token === null ? null : readTokenClaims(token);
    if (token === null || claims === null) return this.host.onTokenFailed();
    if (!allowsAll(claims, this.host.subscribed())) {
      // A symbol the old token allowed was subscribed while this one was on its way: ask again.
      if (this.watchVersion !== this.requestedVersion) return this.request();
      return this.host.onTokenFailed();
    }
    this.host.sendAuth(token);
    this.claims = claims;
    this.unanswered.push({ requestedAt, claims });
    this.host.onNewToken();
  }
}
