/**
 * Builds public/widget.js from loaderEntry.ts: one minified, dependency-free IIFE.
 * `npx tsx lib/widgets/buildLoader.ts` writes the file; loader.build.test.ts checks that the
 * committed file is this build's output and stays under the size budget.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

export const LOADER_OUTPUT = join(here, "..", "..", "public", "widget.js");

/** Gzipped size limit of widget.js in bytes. */
export const LOADER_GZIP_BUDGET = 3 * 1024;

export async function buildLoader(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, "loaderEntry.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    // Every browser since 2020 (optional chaining and ?? stay as they are: smaller output).
    target: ["es2020"],
    platform: "browser",
    write: false,
    legalComments: "none",
    banner: { js: "/* tickwire widget loader, generated from lib/widgets/loader.ts by lib/widgets/buildLoader.ts */" },
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error("esbuild produced no output for widget.js");
  return file.text;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const code = await buildLoader();
  mkdirSync(dirname(LOADER_OUTPUT), { recursive: true });
  writeFileSync(LOADER_OUTPUT, code);
  console.log(`wrote ${LOADER_OUTPUT} (${code.length} bytes)`);
}
