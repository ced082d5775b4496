/**
 * Feed tokens in the browser: before every connect attempt the feed client asks the dashboard's
 * /api/feed-token for a fresh token and puts it on the WebSocket URL. A failed fetch rejects, so
 * the client counts the attempt as failed and retries with backoff; an expired token closes
 * with 4401 and the next attempt fetches a new one and resumes with `since`.
 */

export type FetchLike = (input: string, init?: RequestInit) => Promise<Pick<Response, "ok" | "status" | "json">>;

/** `url` with `?token=` set (replacing an older one), or removed when `token` is null. */
export function withToken(url: string, token: string | null): string {
  const parsed = new URL(url);
  if (token === null) parsed.searchParams.delete("token");
  else parsed.searchParams.set("token", token);
  return parsed.toString();
}

/** The token of an /api/feed-token answer: a string, or null when the feed needs none. */
export function readTokenAnswer(data: unknown): string | null {
  if (typeof data === "object" && data !== null && "token" in data) {
    const { token } = data as { token: unknown };
    if (token === null || (typeof token === "string" && token !== "")) return token;
  }
  throw new Error("the token endpoint answered something that is not { token }");
}

/** A `resolveUrl` for createFeedClient that fetches `tokenPath` (e.g. "/api/feed-token?symbols=AAPL"). */
export function createTokenResolver(tokenPath: string, fetchImpl: FetchLike = (input, init) => fetch(input, init)) {
  return async (url: string): Promise<string> => {
    // The endpoint binds the token to the page's origin, which a same-origin GET states only in
    // Referer: ask for it explicitly, whatever referrer policy the page has.
    const response = await fetchImpl(tokenPath, { cache: "no-store", credentials: "same-origin", referrerPolicy: "same-origin" });
    if (!response.ok) throw new Error(`the token endpoint answered HTTP ${response.status}`);
    return withToken(url, readTokenAnswer(await response.json()));
  };
}
