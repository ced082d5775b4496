/** The installed uWebSockets.js builds on this machine: real packages, real binaries, real loader. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILD_SPECS, currentRuntime, installedBuilds, listBinaries, packageDir } from "./uwsBuilds";
import { chooseUws, compareVersions, MIN_NODE_MAJOR, nodeMajorOfAbi, type UwsCandidate } from "./uwsChooser";

const rt = currentRuntime({});
const builds = installedBuilds();
const byName = (name: string): UwsCandidate => {
  const b = builds.find((c) => c.name === name);
  if (!b) throw new Error(`${name} is not installed`);
  return b;
};
const NEWER = "@btc-vision/uwebsockets.js";
const OLDER = "@trufflesuite/uws-js-unofficial";

/** The newest GLIBC_2.x symbol version a binary asks for (the dynamic linker refuses older glibc). */
function glibcNeeded(file: string): string {
  const text = readFileSync(file).toString("latin1");
  const versions = [...text.matchAll(/GLIBC_(2\.\d+(?:\.\d+)?)/g)].map((m) => m[1]!);
  return versions.sort(compareVersions).at(-1) ?? "none";
}

describe("installed uWebSockets.js builds", () => {
  it("are both installed, with the versions and Node ABIs the README's table names", () => {
    const newer = byName(NEWER);
    const older = byName(OLDER);
    expect(newer.version).toBe("20.57.0");
    expect(older.version).toBe("20.30.0-unofficial.0");
    const abis = (c: UwsCandidate, platform: string, arch: string) =>
      c.binaries.filter((b) => b.platform === platform && b.arch === arch).map((b) => b.abi).sort((a, b) => a - b);
    for (const [platform, arch] of [["linux", "x64"], ["linux", "arm64"], ["darwin", "arm64"], ["darwin", "x64"], ["win32", "x64"]]) {
      expect(abis(newer, platform!, arch!), `${NEWER} ${platform}-${arch}`).toEqual([115, 127, 137, 141]);
      expect(abis(older, platform!, arch!), `${OLDER} ${platform}-${arch}`).toEqual([93, 108, 115]);
    }
  });

  it("declare the glibc their Linux x64/arm64 binaries really need", () => {
    for (const spec of BUILD_SPECS) {
      const dir = join(packageDir(spec.alias)!, spec.binaryDir);
      const linux = listBinaries(dir).filter((b) => b.platform === "linux" && (b.arch === "x64" || b.arch === "arm64"));
      expect(linux.length).toBeGreaterThan(0);
      const needed = linux.map((b) => glibcNeeded(join(dir, `uws_${b.platform}_${b.arch}_${b.abi}.node`)));
      expect(needed.sort(compareVersions).at(-1), spec.alias).toBe(spec.minGlibc);
    }
  });

  it("match package.json engines and .nvmrc", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
    const majors = new Set(builds.flatMap((c) => c.binaries.map((b) => nodeMajorOfAbi(b.abi) ?? 0)).filter((m) => m >= MIN_NODE_MAJOR));
    const engineMajors = [...pkg.engines.node.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]));
    expect(engineMajors).toEqual([...majors].sort((a, b) => a - b));
    // .nvmrc names the major that works on every supported platform: the oldest glibc's build.
    const nvmrc = Number(readFileSync(".nvmrc", "utf8").trim());
    const widest = [...builds].sort((a, b) => compareVersions(a.minGlibc, b.minGlibc))[0]!;
    expect(widest.binaries.some((b) => nodeMajorOfAbi(b.abi) === nvmrc && b.platform === "linux")).toBe(true);
  });
});

describe("the runtime seen here", () => {
  it("is this process's Node ABI, platform and glibc (as `ldd --version` reports it)", () => {
    expect(rt.node).toBe(process.version);
    expect(rt.abi).toBe(Number(process.versions.modules));
    expect(`${rt.platform}-${rt.arch}`).toBe(`${process.platform}-${process.arch}`);
    expect(rt.fallbackRequested).toBe(false);
    if (process.platform === "linux" && rt.glibc !== undefined) {
      // e.g. "ldd (Debian GLIBC 2.36-9+deb12u14) 2.36"
      const first = execFileSync("ldd", ["--version"], { encoding: "utf8" }).split("\n")[0]!;
      expect(first.trim().split(" ").at(-1)).toBe(rt.glibc);
    }
  });

  it("reads UWS_USE_FALLBACK as the 20.30 loader does", () => {
    expect(currentRuntime({ UWS_USE_FALLBACK: "1" }).fallbackRequested).toBe(true);
    expect(currentRuntime({ UWS_USE_FALLBACK: "true" }).fallbackRequested).toBe(true);
    expect(currentRuntime({ UWS_USE_FALLBACK: "0" }).fallbackRequested).toBe(false);
  });
});

const oldGlibc = rt.platform === "linux" && rt.glibc !== undefined && compareVersions(rt.glibc, "2.38") < 0;
const node20 = rt.abi === 115;

describe("choosing on this machine", () => {
  it.runIf(oldGlibc && node20)("Node 20 on glibc < 2.38: refuses 20.57 with its glibc message and chooses 20.30", () => {
    const choice = chooseUws(builds, rt);
    expect(choice.kind).toBe("chosen");
    if (choice.kind !== "chosen") return;
    expect(choice.build).toEqual({ name: OLDER, version: "20.30.0-unofficial.0" });
    expect(choice.refused).toHaveLength(1);
    expect(choice.refused[0]!.build).toEqual({ name: NEWER, version: "20.57.0" });
    expect(choice.refused[0]!.reason).toMatch(/supports only Node\.js versions 20, 22, 24 and 25.*version `GLIBC_2\.38' not found/);
    // And it is the real thing: an App that listens.
    const app = choice.uws.App();
    expect(typeof app.listen).toBe("function");
  });

  it.runIf(oldGlibc && !node20)("Node 22+ on glibc < 2.38: no build loads; 20.57 fails on glibc, 20.30 has no binary", () => {
    const choice = chooseUws(builds, rt);
    expect(choice.kind).toBe("none");
    if (choice.kind !== "none") return;
    expect(choice.refused.map((r) => r.build.name)).toEqual([NEWER, OLDER]);
    expect(choice.refused[0]!.reason).toMatch(/version `GLIBC_2\.38' not found/);
    expect(choice.refused[1]!.reason).toMatch(new RegExp(`ships no binary for ${rt.platform}-${rt.arch} ABI ${rt.abi}`));
    expect(choice.message).toMatch(/Node\.js versions that work here: 20 /);
  });

  it.runIf(!oldGlibc)("glibc 2.38+, macOS or Windows: chooses 20.57", () => {
    const choice = chooseUws(builds, rt);
    expect(choice).toMatchObject({ kind: "chosen", build: { name: NEWER, version: "20.57.0" }, refused: [] });
  });

  it("refuses the real JS shim the 20.30 build falls back to", () => {
    const require = createRequire(import.meta.url);
    const older = byName(OLDER);
    const shimOnly: UwsCandidate = { ...older, load: () => require("uWebSockets.js-20.30/dist/index") as unknown };
    const choice = chooseUws([shimOnly], { ...rt, abi: 115 });
    expect(choice.kind).toBe("none");
    expect(choice.refused[0]!.reason).toMatch(/native binding is not in use: it loaded a pure-JS fallback/);
  });
});
