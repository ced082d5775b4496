/**
 * Codes and reasons for disconnects the client decides on its own, reported through the
 * `disconnect` event next to the server's close codes (lib/codes.ts). The 44xx/45xx codes mirror
 * HTTP meanings like the server's 4xxx codes do; 1006 is the standard "closed abnormally".
 */
import type { WebSocketLike } from "./types";

export const ClientDisconnects = {
  /** stop() was called. */
  STOPPED: { code: 1000, reason: "Client stopped" },
  /** The socket reported an error; browsers and `ws` hide the details on purpose. */
  SOCKET_ERROR: { code: 1006, reason: "Socket error" },
  /** The WebSocket constructor or `resolveUrl` threw or rejected. */
  CONNECT_FAILED: { code: 1006, reason: "Could not open socket" },
  /** A ping went unanswered for `pongTimeoutMs`: the connection is half-open or the server hangs. */
  PONG_TIMEOUT: { code: 4408, reason: "No pong within pongTimeoutMs" },
  /** No welcome arrived within `handshakeTimeoutMs` of starting the attempt. */
  HANDSHAKE_TIMEOUT: { code: 4408, reason: "No welcome within handshakeTimeoutMs" },
  /** Neither `options.WebSocket` nor `globalThis.WebSocket` exists; retrying cannot help. */
  NO_WEBSOCKET: { code: 4501, reason: "No WebSocket constructor available" },
} as const satisfies Record<string, { code: number; reason: string }>;

/** Browsers throw on close codes other than 1000 and 3000-4999, so others are sent as 1000. */
export function sendableCloseCode(code: number): number {
  return code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000;
}

/** WebSocket.readyState values; the interface has no static constants. */
const CONNECTING = 0;
const OPEN = 1;

/** Detaches a socket we are done with and closes it if it is still open or opening. */
export function closeQuietly(socket: WebSocketLike, code: number, reason: string): void {
  // No-op handlers rather than null: the `ws` package throws an unhandled "error" event when a
  // socket closed while CONNECTING has no error listener left.
  socket.onopen = noop;
  socket.onmessage = noop;
  socket.onclose = noop;
  socket.onerror = noop;
  if (socket.readyState !== CONNECTING && socket.readyState !== OPEN) return;
  try {
    socket.close(sendableCloseCode(code), reason);
  } catch {
    // Closing is best effort: the socket is already detached and will be collected.
  }
}

function noop(): void {}
