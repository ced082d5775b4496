/**
 * Where the dashboard (`next start` / `next dev`) listens: DASHBOARD_HOST, default 127.0.0.1, the
 * same default as the feed's FEED_HOST, so neither is reachable from other machines until the
 * operator says so (README "Exposing tickwire"). Without `-H`, Next.js listens on every interface.
 */

const HOST = /^[A-Za-z0-9.:-]+$/;

/**
 * DASHBOARD_HOST from `env`, or the default; a value that is not a host name or address is
 * reported as `{ error }` naming the variable.
 * @param {Record<string, string | undefined>} env
 * @returns {{ host: string } | { error: string }}
 */
export function dashboardHost(env) {
  const raw = env.DASHBOARD_HOST?.trim() || "127.0.0.1";
  if (!HOST.test(raw)) return { error: `DASHBOARD_HOST=${JSON.stringify(raw)} is not a host name or address` };
  return { host: raw };
}

/**
 * The Next.js CLI arguments for `mode` on `host` and `port`.
 * @param {"start" | "dev"} mode
 * @param {string} host
 * @param {number} port
 */
export function nextArgs(mode, host, port) {
  return [mode, "-H", host, "-p", String(port)];
}

/**
 * A URL to print for the dashboard: a wildcard address is shown as localhost.
 * @param {string} host
 * @param {number} port
 */
export function dashboardUrl(host, port) {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}
