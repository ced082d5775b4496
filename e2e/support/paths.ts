/** Where the built artefacts and the tools that run them live, independent of the working directory. */
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const NEXT_BIN = require.resolve("next/dist/bin/next");
/** `npm run build:feed` output: the feed server exactly as `npm run feed:prod` runs it. */
export const COMPILED_FEED = join(ROOT, "dist", "feed-server", "main.js");
/** Written last by `next build`; its mtime is the build's age. */
export const NEXT_BUILD_ID = join(ROOT, ".next", "BUILD_ID");
