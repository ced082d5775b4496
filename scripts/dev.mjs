/**
 * `npm run dev`: the feed server under `tsx watch` (restarts on change) and `next dev`.
 * Env: PORT (dashboard, default 3000), DASHBOARD_HOST (default 127.0.0.1), FEED_PORT (feed, default 9001) and the FEED_* variables.
 */
import { FEED_SOURCE, NEXT_BIN, ROOT, TSX_CLI, portFromEnv } from "./commands.mjs";
import { dashboardHost, dashboardUrl, nextArgs } from "./dashboardHost.mjs";
import { supervise } from "./supervise.mjs";

process.chdir(ROOT);
const port = portFromEnv("PORT", 3000);
const feedPort = portFromEnv("FEED_PORT", 9001);
const listen = dashboardHost(process.env);
if ("error" in listen) {
  console.error(listen.error);
  process.exit(2);
}
const env = { FEED_PORT: String(feedPort) };

console.error(`[dev] dashboard ${dashboardUrl(listen.host, port)} · feed ws://127.0.0.1:${feedPort}/ws`);
const { done } = supervise([
  { name: "feed", command: process.execPath, args: [TSX_CLI, "watch", FEED_SOURCE], env },
  { name: "web", command: process.execPath, args: [NEXT_BIN, ...nextArgs("dev", listen.host, port)], env },
]);
process.exit(await done);
