/**
 * A Node.js binary of another major for tests, taken from the npm registry only: the `node-<os>-<arch>`
 * packages (what the `node` package installs) carry the official binary in `bin/node`.
 *
 * Fetched with `npm pack` (npm verifies the tarball against the registry, and we compare the
 * integrity with the pinned one) and unpacked once into node_modules/.cache, where later runs find it.
 * Not a devDependency on purpose: installed, it would link node_modules/.bin/node, and every npm
 * script (`npm test` included) would then run on that Node instead of yours.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

export const NODE22_VERSION = "22.23.5";

/** dist.integrity of node-<os>-<arch>@22.23.5 on registry.npmjs.org. */
const NODE22_INTEGRITY: Readonly<Record<string, string>> = {
  "linux-x64": "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==",
  "linux-arm64": "sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==",
};

/** Whether a pinned Node 22 package exists for this machine. */
export const NODE22_AVAILABLE = `${process.platform}-${process.arch}` in NODE22_INTEGRITY;

const CACHE = fileURLToPath(new URL("../../node_modules/.cache/tickwire-node", import.meta.url));

async function versionOf(bin: string): Promise<string | undefined> {
  try {
    return (await run(bin, ["--version"], { encoding: "utf8" })).stdout.trim();
  } catch {
    return undefined;
  }
}

/** Path of a Node 22 binary for this platform, fetched from the npm registry on first use. */
export async function node22Binary(): Promise<string> {
  const key = `${process.platform}-${process.arch}`;
  const integrity = NODE22_INTEGRITY[key];
  if (!integrity) throw new Error(`no pinned node-${key}@${NODE22_VERSION} package`);
  const pkg = `node-${key}@${NODE22_VERSION}`;
  const dir = join(CACHE, pkg);
  const bin = join(dir, "bin", "node");
  if (existsSync(bin) && (await versionOf(bin)) === `v${NODE22_VERSION}`) return bin;

  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, "fetch-"));
  try {
    const { stdout } = await run("npm", ["pack", pkg, "--json", "--pack-destination", work], { encoding: "utf8", maxBuffer: 16 << 20 });
    const packed: unknown = JSON.parse(stdout);
    const first: unknown = Array.isArray(packed) ? packed[0] : undefined;
    const info = (typeof first === "object" && first !== null ? first : {}) as Record<string, unknown>;
    if (info.integrity !== integrity) throw new Error(`npm pack ${pkg}: integrity ${String(info.integrity)}, expected ${integrity}`);
    if (typeof info.filename !== "string") throw new Error(`npm pack ${pkg}: no filename in ${stdout.slice(0, 200)}`);
    // Only the binary: the headers and docs in the package are not needed.
    await run("tar", ["-xzf", join(work, info.filename), "-C", work, "package/bin/node"]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, "package"), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = await versionOf(bin);
  if (version !== `v${NODE22_VERSION}`) throw new Error(`${bin} --version printed ${String(version)}`);
  return bin;
}
