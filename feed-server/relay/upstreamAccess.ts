/**
 * How a chained relay gets past a tickwire upstream's access control: it sends an Origin header
 * (FEED_UPSTREAM_ORIGIN) and fetches a fresh token before each connect (FEED_UPSTREAM_TOKEN_URL,
 * answered `{"token":...}` like the dashboard's /api/feed-token). When the upstream refuses (403
 * at the upgrade, 401/403 from the token URL), the refusal is captured with the upstream's own
 * words, because `ws` reports only "Unexpected server response" and the feed client only 1006.
 */
import WebSocket from "ws";
import type { WebSocketCtor } from "../../lib/feedClient/types";

/** Why the upstream said no, in its words. */
export interface Refusal {
  code: number;
  reason: string;
}

/** Statuses that mean "you may not", as opposed to "not now". */
const REFUSING = new Set([401, 403]);
const MAX_REASON = 200;
const TOKEN_TIMEOUT_MS = 5000;

/** The upstream's explanation from a refusal body: the `message` of a JSON error, else the text. */
export function refusalReason(statusLine: string, body: string): string {
  let detail = body.trim();
  try {
    const parsed: unknown = JSON.parse(detail);
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { message?: unknown }).message === "string") {
      detail = (parsed as { message: string }).message;
    }
  } catch {
    // Not JSON: the text itself is the reason.
  }
  return (detail ? `${statusLine}: ${detail}` : statusLine).slice(0, MAX_REASON);
}

/**
 * A `ws` WebSocket that sends `origin` and reports a refused upgrade (401/403) with the body's
 * reason to `onRefused` before the socket errors out, as it would anyway.
 */
export function upstreamSocket(origin: string | undefined, onRefused: (refusal: Refusal) => void): WebSocketCtor {
  return class UpstreamSocket extends WebSocket {
    constructor(url: string) {
      super(url, origin ? { origin } : {});
      this.on("unexpected-response", (_req, res) => {
        const status = res.statusCode ?? 0;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        const done = () => {
          if (REFUSING.has(status)) onRefused({ code: status, reason: refusalReason(`${status} ${res.statusMessage ?? ""}`.trim(), body) });
          // While CONNECTING this aborts the handshake: error and close events follow, as without a listener.
          this.terminate();
        };
        res.on("end", done);
        res.on("error", done);
      });
    }
  };
}

/** Thrown when the token URL refuses us (401/403): the relay backs off as for any refusal. */
export class TokenRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
    this.name = "TokenRefusedError";
  }
}

/**
 * Fetches `{"token": string | null}` from the token URL, sending `origin`. Rejects with a
 * TokenRefusedError on 401/403 and a plain Error on anything else unusable.
 */
export async function fetchToken(tokenUrl: string, origin: string | undefined, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  const res = await fetchImpl(tokenUrl, {
    headers: origin ? { Origin: origin, Accept: "application/json" } : { Accept: "application/json" },
    signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
  });
  const text = await res.text();
  if (REFUSING.has(res.status)) {
    throw new TokenRefusedError({ code: res.status, reason: `token URL: ${refusalReason(`${res.status} ${res.statusText}`.trim(), text)}` });
  }
  if (!res.ok) throw new Error(`token URL answered ${res.status} ${res.statusText}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("token URL did not answer JSON");
  }
  const token = typeof data === "object" && data !== null ? (data as { token?: unknown }).token : undefined;
  if (token === null || typeof token === "string") return token;
  throw new Error('token URL answered without a "token" string or null');
}
