/**
 * The two uWebSockets.js builds tickwire installs, and the runtime they are chosen for.
 *
 * uWebSockets.js is not on the npm registry under its own name; package.json installs two
 * repackagings under aliases:
 * - `uWebSockets.js`: `@btc-vision/uwebsockets.js` 20.57 (official v20.57 binaries, Node 20/22/24/25,
 *   glibc 2.38+ on Linux). Its types are the ones the code compiles against.
 * - `uWebSockets.js-20.30`: `@trufflesuite/uws-js-unofficial` 20.30 (Node 16/18/20, glibc 2.27+).
 *   Its loader silently falls back to a JS `ws` shim when the binary does not load.
 * Version and binary list are read from the installed package, so they cannot drift from it; the
 * glibc needs are checked against the binaries by uwsBuilds.test.ts.
 */
import { familySync, GLIBC, versionSync } from "detect-libc";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { UwsBinary, UwsCandidate, UwsRuntime } from "./uwsChooser";

const require = createRequire(import.meta.url);

interface BuildSpec {
  /** The dependency name in package.json (an npm alias). */
  alias: string;
  /** Where the `.node` files sit inside the package. */
  binaryDir: string;
  minGlibc: string;
  /** Its loader prints its own fallback warning; silenced so our message is the one shown. */
  quiet: boolean;
}

export const BUILD_SPECS: readonly BuildSpec[] = [
  { alias: "uWebSockets.js", binaryDir: ".", minGlibc: "2.38", quiet: false },
  { alias: "uWebSockets.js-20.30", binaryDir: "binaries", minGlibc: "2.27", quiet: true },
];

const BINARY_NAME = /^uws_([a-z0-9]+)_([a-z0-9]+)_(\d+)\.node$/;

/**
 * The installed package's directory, found along Node's lookup path (the 20.57 package's `exports`
 * hide its package.json from require.resolve). Undefined when it is not installed.
 */
export function packageDir(alias: string): string | undefined {
  for (const base of require.resolve.paths(alias) ?? []) {
    const dir = join(base, alias);
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  return undefined;
}

export function listBinaries(dir: string): UwsBinary[] {
  const out: UwsBinary[] = [];
  for (const file of readdirSync(dir)) {
    const m = BINARY_NAME.exec(file);
    if (m) out.push({ platform: m[1]!, arch: m[2]!, abi: Number(m[3]) });
  }
  return out;
}

function readPackage(dir: string): { name: string; version: string } {
  const pkg: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (typeof pkg !== "object" || pkg === null) throw new Error(`${dir}/package.json is not an object`);
  const { name, version } = pkg as Record<string, unknown>;
  if (typeof name !== "string" || typeof version !== "string") throw new Error(`${dir}/package.json lacks name or version`);
  return { name, version };
}

function quietly<T>(fn: () => T): T {
  const { warn, log } = console;
  console.warn = () => {};
  console.log = () => {};
  try {
    return fn();
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

function candidateOf(spec: BuildSpec): UwsCandidate | undefined {
  const dir = packageDir(spec.alias);
  if (dir === undefined) return undefined; // removed on purpose (README: saving space): not a candidate
  return {
    ...readPackage(dir),
    binaries: listBinaries(join(dir, spec.binaryDir)),
    minGlibc: spec.minGlibc,
    load: () => (spec.quiet ? quietly(() => require(spec.alias) as unknown) : (require(spec.alias) as unknown)),
  };
}

/** The installed builds, as chooser candidates. */
export function installedBuilds(): UwsCandidate[] {
  return BUILD_SPECS.map(candidateOf).filter((c): c is UwsCandidate => c !== undefined);
}

/** The running glibc (detect-libc reads Node's report, then ldd); undefined off Linux and on musl. */
export function runningGlibc(): string | undefined {
  if (process.platform !== "linux" || familySync() !== GLIBC) return undefined;
  return versionSync() ?? undefined;
}

/** The values the 20.30 loader treats as "use the fallback". */
const FALLBACK_ON = new Set(["1", "true", "True", "TRUE"]);

export function currentRuntime(env: Readonly<Record<string, string | undefined>> = process.env): UwsRuntime {
  return {
    node: process.version,
    abi: Number(process.versions.modules),
    platform: process.platform,
    arch: process.arch,
    glibc: runningGlibc(),
    fallbackRequested: FALLBACK_ON.has(env.UWS_USE_FALLBACK ?? ""),
  };
}
