/**
 * Close codes and error codes shared by the feed server, the clients and the tests.
 * 4xxx close codes mirror HTTP meanings (4401 = Unauthorized, 4429 = Too Many Requests).
 */

export const CloseCodes = {
  /** Server is shutting down or restarting; clients should reconnect elsewhere or later. */
  GOING_AWAY: { code: 1001, reason: "Server shutting down" },
  /** The client kept flooding after being told it was rate limited. */
  POLICY_VIOLATION: { code: 1008, reason: "Rate limit exceeded repeatedly" },
  /** The seq numbering restarted (new epoch): reconnect to get the new epoch; snapshots will not resume. */
  EPOCH_CHANGED: { code: 1012, reason: "Tick numbering restarted (new epoch)" },
  /** A frame was larger than the server accepts. */
  MESSAGE_TOO_BIG: { code: 1009, reason: "Frame larger than 16 KiB" },
  /** The client did not read fast enough; its buffered data passed the backpressure limit. */
  SLOW_CONSUMER: { code: 4008, reason: "Slow consumer: send buffer over limit, resume with since" },
  /** Missing, bad or expired token. */
  UNAUTHORIZED: { code: 4401, reason: "Unauthorized" },
  /** The token already holds FEED_MAX_CONN_PER_TOKEN connections; a fresh token gets a new count. */
  TOKEN_CONNECTIONS: { code: 4429, reason: "Too many connections for this token" },
  /** The server reached FEED_MAX_CONNECTIONS while this connection was being admitted. */
  TRY_AGAIN_LATER: { code: 1013, reason: "Server at its connection limit" },
} as const satisfies Record<string, { code: number; reason: string }>;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];

/** Error codes carried by `{"type":"error"}` frames. */
export const ErrorCodes = {
  BAD_REQUEST: "BAD_REQUEST",
  UNKNOWN_SYMBOL: "UNKNOWN_SYMBOL",
  LIMIT_EXCEEDED: "LIMIT_EXCEEDED",
  RATE_LIMITED: "RATE_LIMITED",
  /** The connection's token does not allow this symbol. */
  UNAUTHORIZED: "UNAUTHORIZED",
  /** The token of an `auth` op was refused; the connection keeps its old token and expiry. */
  TOKEN_REFUSED: "TOKEN_REFUSED",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
