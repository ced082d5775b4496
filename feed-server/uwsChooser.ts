/**
 * Chooses which uWebSockets.js build to run on. Pure: the candidate builds and the runtime
 * (Node ABI, platform, glibc) are passed in, so every outcome is testable on any machine.
 *
 * Rules: try the builds newest first and take the first whose native binary loads; refuse a build
 * that ships no binary for this platform and ABI, one whose binary fails to load (glibc too old),
 * and one that hands back a pure-JS fallback instead of the C++ binding. When none is left, the
 * message names this runtime and the Node.js versions that would work here.
 */
import type * as Uws from "uWebSockets.js";

export type UwsModule = typeof Uws;

/** One native binary a build ships: `uws_<platform>_<arch>_<abi>.node`. */
export interface UwsBinary {
  platform: string;
  arch: string;
  abi: number;
}

export interface UwsBuildInfo {
  /** The npm package the build comes from, e.g. `@btc-vision/uwebsockets.js`. */
  name: string;
  /** The installed version, e.g. `20.57.0`. */
  version: string;
}

export interface UwsCandidate extends UwsBuildInfo {
  binaries: readonly UwsBinary[];
  /** The newest glibc symbol version its Linux binaries need, e.g. `2.38`. */
  minGlibc: string;
  /** Requires the build; throws when its binary does not load. */
  load(): unknown;
}

export interface UwsRuntime {
  /** `process.version`, e.g. `v22.23.5`. */
  node: string;
  /** `process.versions.modules`: the ABI a native addon must be built for. */
  abi: number;
  platform: string;
  arch: string;
  /** The running glibc on Linux; undefined elsewhere and on a Linux without glibc (musl). */
  glibc: string | undefined;
  /** UWS_USE_FALLBACK asks the 20.30 build for its JS shim. */
  fallbackRequested: boolean;
}

export interface UwsRefusal {
  build: UwsBuildInfo;
  reason: string;
}

export type UwsChoice =
  | { kind: "chosen"; build: UwsBuildInfo; uws: UwsModule; refused: UwsRefusal[] }
  | { kind: "none"; message: string; refused: UwsRefusal[] };

/** The oldest Node.js major tickwire supports (package.json `engines`; Next.js 16 needs 20.9). */
export const MIN_NODE_MAJOR = 20;

/** Node.js majors by addon ABI (https://github.com/nodejs/node/blob/main/doc/abi_version_registry.json). */
const NODE_MAJOR_BY_ABI: Readonly<Record<number, number>> = {
  93: 16,
  108: 18,
  115: 20,
  120: 21,
  127: 22,
  131: 23,
  137: 24,
  141: 25,
};

export function nodeMajorOfAbi(abi: number): number | undefined {
  return NODE_MAJOR_BY_ABI[abi];
}

/** True when `mod` is the C++ binding, not a JS stand-in such as the 20.30 build's `ws` shim. */
export function isNativeBinding(mod: unknown): mod is UwsModule {
  if (typeof mod !== "object" || mod === null) return false;
  const m = mod as Record<string, unknown>;
  return (
    typeof m.App === "function" &&
    Function.prototype.toString.call(m.App).includes("[native code]") &&
    typeof m.getParts === "function" &&
    typeof m.us_listen_socket_close === "function" &&
    typeof m.us_socket_local_port === "function"
  );
}

/** Compares dotted numeric versions by their leading numbers: `2.36` < `2.38`, `20.30.0-x` < `20.57.0`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((s) => Number.parseInt(s, 10));
  const pb = b.split(/[.-]/).map((s) => Number.parseInt(s, 10));
  for (let i = 0; i < 3; i++) {
    const d = (Number.isNaN(pa[i]) ? 0 : (pa[i] ?? 0)) - (Number.isNaN(pb[i]) ? 0 : (pb[i] ?? 0));
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether this runtime's libc meets the build (only Linux builds link against glibc). */
function libcMeets(c: UwsCandidate, rt: UwsRuntime): boolean {
  if (rt.platform !== "linux") return true;
  return rt.glibc !== undefined && compareVersions(rt.glibc, c.minGlibc) >= 0;
}

function hasBinary(c: UwsCandidate, rt: UwsRuntime, abi: number): boolean {
  return c.binaries.some((b) => b.platform === rt.platform && b.arch === rt.arch && b.abi === abi);
}

function majorsFor(c: UwsCandidate, rt: UwsRuntime): number[] {
  const majors = c.binaries
    .filter((b) => b.platform === rt.platform && b.arch === rt.arch)
    .map((b) => nodeMajorOfAbi(b.abi))
    .filter((m): m is number => m !== undefined && m >= MIN_NODE_MAJOR);
  return [...new Set(majors)].sort((a, b) => a - b);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function label(b: UwsBuildInfo): string {
  return `${b.name} ${b.version}`;
}

function listMajors(majors: readonly number[]): string {
  return majors.length === 0 ? "none" : majors.join(", ");
}

export function describeRuntime(rt: UwsRuntime): string {
  const libc = rt.platform !== "linux" ? "" : rt.glibc ? ` with glibc ${rt.glibc}` : " without glibc (musl?)";
  const major = nodeMajorOfAbi(rt.abi);
  return `Node.js ${rt.node} (ABI ${rt.abi}${major ? `, Node ${major}` : ""}) on ${rt.platform}-${rt.arch}${libc}`;
}

/**
 * What would work on this machine: the Node.js majors of every build whose libc need is met, and
 * what a newer glibc would add.
 */
export function whatWouldWork(candidates: readonly UwsCandidate[], rt: UwsRuntime): string[] {
  const here = new Set<number>();
  const lines: string[] = [];
  for (const c of candidates) if (libcMeets(c, rt)) for (const m of majorsFor(c, rt)) here.add(m);
  const hereList = [...here].sort((a, b) => a - b);
  // Suggest the newest even major: even majors become LTS releases, odd ones live six months.
  const suggest = [...hereList].reverse().find((m) => m % 2 === 0) ?? hereList.at(-1);
  lines.push(
    suggest !== undefined
      ? `Node.js versions that work here: ${listMajors(hereList)} (e.g. \`nvm install ${suggest}\`; see the README's platform table).`
      : `No Node.js version works here with the installed builds (see the README's platform table).`,
  );
  if (rt.platform === "linux") {
    for (const c of candidates) {
      if (libcMeets(c, rt)) continue;
      const extra = majorsFor(c, rt).filter((m) => !here.has(m));
      if (extra.length > 0) {
        lines.push(`With glibc ${c.minGlibc} or newer (e.g. Debian 13, Ubuntu 24.04; check with \`ldd --version\`), ${label(c)} would add Node.js ${listMajors(extra)}.`);
      }
    }
  }
  return lines;
}

/** Why a build cannot be used, without loading it when it ships nothing for this runtime. */
function tryCandidate(c: UwsCandidate, rt: UwsRuntime): { uws: UwsModule } | { reason: string } {
  if (!hasBinary(c, rt, rt.abi)) {
    const majors = majorsFor(c, rt);
    const has = majors.length > 0 ? `it has binaries for Node.js ${listMajors(majors)} here` : `it has no binaries for ${rt.platform}-${rt.arch}`;
    return { reason: `ships no binary for ${rt.platform}-${rt.arch} ABI ${rt.abi}; ${has}` };
  }
  let mod: unknown;
  try {
    mod = c.load();
  } catch (err) {
    const detail = oneLine(err instanceof Error ? err.message : String(err));
    const libc = libcMeets(c, rt) ? "" : `it needs glibc ${c.minGlibc}, this system has ${rt.glibc ?? "none"}; `;
    return { reason: `${libc}its binary did not load: ${detail}` };
  }
  if (!isNativeBinding(mod)) {
    return { reason: "native binding is not in use: it loaded a pure-JS fallback instead, which tickwire refuses (many times slower)" };
  }
  return { uws: mod };
}

export function chooseUws(candidates: readonly UwsCandidate[], rt: UwsRuntime): UwsChoice {
  if (rt.fallbackRequested) {
    return {
      kind: "none",
      refused: [],
      message: [
        "uWebSockets.js native binding is not in use: UWS_USE_FALLBACK is set, which asks for the pure-JS fallback.",
        "tickwire runs only on the native binding; unset UWS_USE_FALLBACK.",
      ].join("\n"),
    };
  }
  const newestFirst = [...candidates].sort((a, b) => compareVersions(b.version, a.version));
  const refused: UwsRefusal[] = [];
  for (const c of newestFirst) {
    const tried = tryCandidate(c, rt);
    const build = { name: c.name, version: c.version };
    if ("uws" in tried) return { kind: "chosen", build, uws: tried.uws, refused };
    refused.push({ build, reason: tried.reason });
  }
  const message = [
    `No uWebSockets.js build loads on ${describeRuntime(rt)}.`,
    ...refused.map((r) => `- ${label(r.build)}: ${r.reason}`),
    ...whatWouldWork(newestFirst, rt),
  ].join("\n");
  return { kind: "none", message, refused };
}
