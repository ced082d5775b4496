/**
 * Feed tokens in the browser: the feed client's `getToken`. It asks the dashboard's
 * /api/feed-token for a token allowing the symbols the page watches (plus any the path already
 * names, e.g. a widget's), before every connect, to renew the token before it expires, and when
 * the page starts watching a symbol its token does not allow (the client then presents the new
 * token with the `auth` op, no reconnect). A failed fetch rejects: before a connect the client
 * retries with backoff; see lib/feedClient/tokenKeeper.ts for the other cases.
 */

export type FetchLike = (input: string, init?: RequestInit) => Promise<Pick<Response, "ok" | "status" | "json">>;

/** The token of an /api/feed-token answer: a string, or null when the feed needs none. */
export function readTokenAnswer(data: unknown): string | null {
  if (typeof data === "object" && data !== null && "token" in data) {
    const { token } = data as { token: unknown };
    if (token === null || (typeof token === "string" && token !== "")) return token;
  }
  throw new Error("the token endpoint answered something that is not { token }");
}

/**
 * `tokenPath` asking for `symbols` as well as those it names itself: "/api/feed-token" and
 * [AAPL, MSFT] give "/api/feed-token?symbols=AAPL,MSFT". No symbol at all gives `symbols=`,
 * a token that allows none yet (the dashboard connects before its cards watch anything).
 */
export function tokenRequestPath(tokenPath: string, symbols: readonly string[]): string {
  const url = new URL(tokenPath, "http://path.invalid");
  const fixed = (url.searchParams.get("symbols") ?? "").split(",").filter((s) => s !== "");
  const all = [...new Set([...fixed, ...symbols])];
  url.searchParams.delete("symbols");
  const rest = url.searchParams.toString();
  return `${url.pathname}?${rest === "" ? "" : `${rest}&`}symbols=${all.map(encodeURIComponent).join(",")}`;
}

/** A `getToken` for createFeedClient that fetches tokens from `tokenPath` (e.g. "/api/feed-token"). */
export function createTokenFetcher(tokenPath: string, fetchImpl: FetchLike = (input, init) => fetch(input, init)) {
  return async (symbols: readonly string[]): Promise<string | null> => {
    // The endpoint binds the token to the page's origin, which a same-origin GET states only in
    // Referer: ask for it explicitly, whatever referrer policy the page has.
    const response = await fetchImpl(tokenRequestPath(tokenPath, symbols), {
      cache: "no-store",
      credentials: "same-origin",
      referrerPolicy: "same-origin",
    });
    if (!response.ok) throw new Error(`the token endpoint answered HTTP ${response.status}`);
    return readTokenAnswer(await response.json());
  };
}
