/**
 * Builds what the browser tests and the dashboard benchmark run, when it is missing or older
 * than its sources: the compiled feed server (dist/) and the production dashboard (.next/).
 * A fresh clone has neither, so `npm test` builds on its first run and reuses the build after.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { COMPILED_FEED, NEXT_BIN, NEXT_BUILD_ID, ROOT } from "./paths";

/** Tests and test helpers are not part of either build, so editing them triggers none. */
function isBuildInput(path: string): boolean {
  const rel = relative(ROOT, path).split("\\").join("/");
  return !/\.(test|spec)\.tsx?$/.test(rel) && !/(^|\/)(testing|_test)\//.test(rel);
}

/** Newest mtime (ms) among the files under `paths` that are build inputs; 0 when none exist. */
function newestInput(paths: readonly string[]): { mtimeMs: number; file: string } {
  let newest = { mtimeMs: 0, file: "" };
  const visit = (path: string): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (isBuildInput(path) && stat.mtimeMs > newest.mtimeMs) {
      newest = { mtimeMs: stat.mtimeMs, file: path };
    }
  };
  for (const path of paths) visit(join(ROOT, path));
  return newest;
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** Why `output` must be rebuilt from `inputs`, or null when it is up to date. */
function staleReason(output: string, inputs: readonly string[]): string | null {
  const built = mtimeOf(output);
  if (built === null) return `${relative(ROOT, output)} is missing`;
  const newest = newestInput(inputs);
  return newest.mtimeMs > built ? `${relative(ROOT, newest.file)} is newer than ${relative(ROOT, output)}` : null;
}

const FEED_INPUTS = ["feed-server", "lib", "package-lock.json"];
const DASHBOARD_INPUTS = ["app", "lib", "proxy.ts", "next.config.js", "tsconfig.json", "tsconfig.next.json", "package-lock.json"];

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(" ")} failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ""})`);
  }
}

/** Runs the parts of `npm run build` whose output is missing or stale; logs why. */
export function ensureBuilt(log: (line: string) => void = console.log): void {
  const feed = staleReason(COMPILED_FEED, FEED_INPUTS);
  if (feed) {
    log(`[build] feed server: ${feed}; running npm run build:feed`);
    run(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build:feed"]);
  }
  const dashboard = staleReason(NEXT_BUILD_ID, DASHBOARD_INPUTS);
  if (dashboard) {
    log(`[build] dashboard: ${dashboard}; running next build`);
    run(process.execPath, [NEXT_BIN, "build"]);
  }
}
