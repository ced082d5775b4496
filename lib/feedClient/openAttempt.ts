import { resolveWebSocket, type ResolvedOptions } from "./options";
import type { WebSocketLike } from "./types";

export type AttemptResult =
  | { ok: true; socket: WebSocketLike }
  /** `resolveUrl` or the constructor threw: worth retrying. */
  | { ok: false; failure: "connect-failed" }
  /** No constructor at all in this runtime: retrying cannot help. */
  | { ok: false; failure: "no-websocket" };

/**
 * One connection attempt up to the constructed socket: resolve the URL (`resolveUrl`, or a fresh
 * token from `getToken`; maybe async), then construct. `isCurrent` is asked before constructing so an attempt
 * abandoned while `resolveUrl` was pending opens no socket at all. A synchronous `resolveUrl`
 * reports synchronously, which keeps the common case free of microtasks.
 */
export function openAttempt(
  url: string,
  resolveUrl: ((url: string) => string | Promise<string>) | null,
  options: ResolvedOptions,
  isCurrent: () => boolean,
  done: (result: AttemptResult) => void,
): void {
  let target: string | Promise<string>;
  try {
    target = resolveUrl ? resolveUrl(url) : url;
  } catch {
    done({ ok: false, failure: "connect-failed" });
    return;
  }
  if (typeof target === "string") {
    done(construct(target, options));
    return;
  }
  Promise.resolve(target).then(
    (resolved) => {
      if (isCurrent()) done(construct(resolved, options));
    },
    () => {
      if (isCurrent()) done({ ok: false, failure: "connect-failed" });
    },
  );
}

function construct(url: string, options: ResolvedOptions): AttemptResult {
  // Looked up per attempt, not at creation, so a client created during server-side rendering
  // (Node 20 has no global WebSocket) can still be started later in the browser.
  const Ctor = resolveWebSocket(options);
  if (!Ctor) return { ok: false, failure: "no-websocket" };
  try {
    return { ok: true, socket: new Ctor(url) };
  } catch {
    return { ok: false, failure: "connect-failed" };
  }
}
