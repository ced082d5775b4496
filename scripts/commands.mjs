/**
 * How `npm start` and `npm run dev` launch their parts, resolved from node_modules so that
 * nothing depends on PATH or npx, and the ports both parts agree on.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const NEXT_BIN = require.resolve("next/dist/bin/next");
export const TSX_CLI = join(dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");
export const COMPILED_FEED = join(ROOT, "dist", "feed-server", "main.js");
export const FEED_SOURCE = join(ROOT, "feed-server", "main.ts");
export const BUILD_ID = join(ROOT, ".next", "BUILD_ID");

/**
 * Reads a TCP port from the environment, or the default; exits with a message when it is not one.
 * @param {string} name
 * @param {number} fallback
 */
export function portFromEnv(name, fallback) {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    console.error(`${name}=${JSON.stringify(raw)} is not a port number (1-65535)`);
    process.exit(2);
  }
  return port;
}

/** The compiled feed server when `npm run build:feed` has made one, else the TypeScript source via tsx. */
export function feedServerArgs() {
  return existsSync(COMPILED_FEED) ? [COMPILED_FEED] : ["--import", "tsx", FEED_SOURCE];
}
