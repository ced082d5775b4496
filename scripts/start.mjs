/**
 * `npm start`: the feed server and the production dashboard together.
 * Builds the dashboard first when there is no build (.next/BUILD_ID missing).
 * Env: PORT (dashboard, default 3000), DASHBOARD_HOST (default 127.0.0.1), FEED_PORT (feed, default 9001) and every FEED_* variable
 * of the feed server; FEED_PUBLIC_URL tells browsers where the feed is when it is not on the
 * dashboard's host at FEED_PORT.
 * A part that crashes is restarted with backoff while the other keeps running (scripts/supervise.mjs);
 * SIGINT, SIGTERM and SIGHUP stop both.
 */
import { existsSync } from "node:fs";
import { BUILD_ID, NEXT_BIN, ROOT, feedServerArgs, portFromEnv } from "./commands.mjs";
import { dashboardHost, dashboardUrl, nextArgs } from "./dashboardHost.mjs";
import { runOnce, supervise } from "./supervise.mjs";

process.chdir(ROOT);
const port = portFromEnv("PORT", 3000);
const feedPort = portFromEnv("FEED_PORT", 9001);
const listen = dashboardHost(process.env);
if ("error" in listen) {
  console.error(listen.error);
  process.exit(2);
}
const env = { FEED_PORT: String(feedPort) };

if (!existsSync(BUILD_ID)) {
  console.error("[start] no production build found; running next build");
  const code = await runOnce(process.execPath, [NEXT_BIN, "build"], env);
  if (code !== 0) {
    console.error(`[start] next build failed (exit ${code})`);
    process.exit(code);
  }
}

console.error(`[start] dashboard ${dashboardUrl(listen.host, port)} · feed ws://127.0.0.1:${feedPort}/ws`);
const { done } = supervise([
  { name: "feed", command: process.execPath, args: feedServerArgs(), env },
  { name: "web", command: process.execPath, args: [NEXT_BIN, ...nextArgs("start", listen.host, port)], env },
]);
process.exit(await done);
