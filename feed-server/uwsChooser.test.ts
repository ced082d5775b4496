import { describe, expect, it, vi } from "vitest";
import { chooseUws, compareVersions, isNativeBinding, type UwsBinary, type UwsCandidate, type UwsRuntime } from "./uwsChooser";

/** Bound functions print as `[native code]`, like the C++ binding's functions. */
function fakeNative(tag: string): Record<string, unknown> {
  const native = (fn: () => unknown) => fn.bind(null);
  return { tag, App: native(() => ({})), getParts: native(() => []), us_listen_socket_close: native(() => {}), us_socket_local_port: native(() => 0) };
}

/** What the 20.30 build falls back to: JS functions that look like the API. */
function jsShim(): Record<string, unknown> {
  function App() {
    return {};
  }
  return { App, getParts: () => [], us_listen_socket_close: () => {}, us_socket_local_port: () => 0 };
}

const PLATFORMS = [
  ["linux", "x64"],
  ["linux", "arm64"],
  ["darwin", "arm64"],
  ["win32", "x64"],
] as const;

function binaries(abis: number[]): UwsBinary[] {
  return PLATFORMS.flatMap(([platform, arch]) => abis.map((abi) => ({ platform, arch, abi })));
}

const GLIBC_ERROR = "This version of uWS.js (v20.57.0) supports only Node.js versions 20, 22, 24 and 25 on (glibc) Linux, macOS and Windows.\n\nError: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found";

function newer(load: () => unknown): UwsCandidate {
  return { name: "@btc-vision/uwebsockets.js", version: "20.57.0", binaries: binaries([115, 127, 137, 141]), minGlibc: "2.38", load: vi.fn(load) };
}

function older(load: () => unknown): UwsCandidate {
  return { name: "@trufflesuite/uws-js-unofficial", version: "20.30.0-unofficial.0", binaries: binaries([93, 108, 115]), minGlibc: "2.27", load: vi.fn(load) };
}

function runtime(over: Partial<UwsRuntime> = {}): UwsRuntime {
  return { node: "v20.20.2", abi: 115, platform: "linux", arch: "x64", glibc: "2.36", fallbackRequested: false, ...over };
}

const failsOnGlibc = () => {
  throw new Error(GLIBC_ERROR);
};

describe("chooseUws", () => {
  it("takes the newer build when its binary loads, without touching the older one", () => {
    const mod = fakeNative("20.57");
    const old = older(() => fakeNative("20.30"));
    const choice = chooseUws([old, newer(() => mod)], runtime({ glibc: "2.41" }));
    expect(choice).toMatchObject({ kind: "chosen", build: { name: "@btc-vision/uwebsockets.js", version: "20.57.0" }, refused: [] });
    expect(choice.kind === "chosen" && choice.uws).toBe(mod);
    expect(old.load).not.toHaveBeenCalled();
  });

  it("falls back to the older build on Node 20 when the newer one fails to load, and says why", () => {
    const mod = fakeNative("20.30");
    const choice = chooseUws([newer(failsOnGlibc), older(() => mod)], runtime());
    expect(choice.kind).toBe("chosen");
    if (choice.kind !== "chosen") return;
    expect(choice.uws).toBe(mod);
    expect(choice.build.version).toBe("20.30.0-unofficial.0");
    expect(choice.refused).toHaveLength(1);
    expect(choice.refused[0]!.build.version).toBe("20.57.0");
    expect(choice.refused[0]!.reason).toMatch(/did not load: .*GLIBC_2\.38' not found/);
  });

  it("when neither loads (Node 22 on glibc 2.36), names this runtime and the Node versions that would work", () => {
    const old = older(() => fakeNative("20.30"));
    const choice = chooseUws([newer(failsOnGlibc), old], runtime({ node: "v22.23.5", abi: 127 }));
    expect(choice.kind).toBe("none");
    if (choice.kind !== "none") return;
    // The older build ships nothing for ABI 127, so it is not even loaded.
    expect(old.load).not.toHaveBeenCalled();
    const lines = choice.message.split("\n");
    expect(lines[0]).toBe("No uWebSockets.js build loads on Node.js v22.23.5 (ABI 127, Node 22) on linux-x64 with glibc 2.36.");
    expect(lines[1]).toMatch(/^- @btc-vision\/uwebsockets\.js 20\.57\.0: it needs glibc 2\.38, this system has 2\.36; its binary did not load: .*GLIBC_2\.38. not found$/);
    expect(lines[2]).toBe("- @trufflesuite/uws-js-unofficial 20.30.0-unofficial.0: ships no binary for linux-x64 ABI 127; it has binaries for Node.js 20 here");
    expect(lines[3]).toMatch(/^Node\.js versions that work here: 20 \(e\.g\. `nvm install 20`/);
    expect(lines[4]).toBe(
      "With glibc 2.38 or newer (e.g. Debian 13, Ubuntu 24.04; check with `ldd --version`), @btc-vision/uwebsockets.js 20.57.0 would add Node.js 22, 24, 25.",
    );
  });

  it("on a Node no build has binaries for (Node 26), lists what works on a new enough glibc", () => {
    const choice = chooseUws([newer(failsOnGlibc), older(failsOnGlibc)], runtime({ node: "v26.1.0", abi: 147, glibc: "2.41" }));
    expect(choice.kind).toBe("none");
    if (choice.kind !== "none") return;
    expect(choice.message).toContain("on Node.js v26.1.0 (ABI 147) on linux-x64 with glibc 2.41.");
    expect(choice.message).toContain("Node.js versions that work here: 20, 22, 24, 25 (e.g. `nvm install 24`");
    expect(choice.message).not.toContain("With glibc");
  });

  it("on a Linux without glibc (musl), says so and that no Node version works with these builds", () => {
    const choice = chooseUws([newer(failsOnGlibc), older(failsOnGlibc)], runtime({ glibc: undefined }));
    expect(choice.kind).toBe("none");
    if (choice.kind !== "none") return;
    expect(choice.message).toContain("on linux-x64 without glibc (musl?).");
    expect(choice.message).toContain("No Node.js version works here");
    expect(choice.message).toContain("With glibc 2.27 or newer");
  });

  it("on macOS ignores glibc", () => {
    const mod = fakeNative("20.57");
    const choice = chooseUws([newer(() => mod), older(failsOnGlibc)], runtime({ platform: "darwin", arch: "arm64", glibc: undefined, abi: 137 }));
    expect(choice).toMatchObject({ kind: "chosen", build: { version: "20.57.0" } });
  });

  it("refuses a build that hands back a JS fallback shim and keeps looking", () => {
    const mod = fakeNative("20.57");
    const choice = chooseUws([older(jsShim), newer(() => mod)], runtime({ glibc: "2.41" }));
    // Newest first: 20.57 loads, so the shim is never reached.
    expect(choice).toMatchObject({ kind: "chosen", build: { version: "20.57.0" } });

    const onlyShim = chooseUws([newer(failsOnGlibc), older(jsShim)], runtime());
    expect(onlyShim.kind).toBe("none");
    expect(onlyShim.refused.map((r) => r.build.version)).toEqual(["20.57.0", "20.30.0-unofficial.0"]);
    expect(onlyShim.refused[1]!.reason).toMatch(/native binding is not in use: it loaded a pure-JS fallback/);
  });

  it("refuses outright when UWS_USE_FALLBACK asks for the JS fallback", () => {
    const n = newer(() => fakeNative("20.57"));
    const choice = chooseUws([n], runtime({ fallbackRequested: true }));
    expect(choice.kind).toBe("none");
    if (choice.kind !== "none") return;
    expect(choice.message).toMatch(/native binding is not in use: UWS_USE_FALLBACK is set/);
    expect(n.load).not.toHaveBeenCalled();
  });

  it("reports a loader that throws a non-Error", () => {
    const choice = chooseUws(
      [
        newer(() => {
          throw "boom";
        }),
      ],
      runtime({ glibc: "2.41" }),
    );
    expect(choice.refused[0]!.reason).toBe("its binary did not load: boom");
  });
});

describe("isNativeBinding", () => {
  it("accepts native functions and rejects JS ones, partial modules and non-objects", () => {
    expect(isNativeBinding(fakeNative("x"))).toBe(true);
    expect(isNativeBinding(jsShim())).toBe(false);
    expect(isNativeBinding({ App: fakeNative("x").App })).toBe(false);
    expect(isNativeBinding(undefined)).toBe(false);
    expect(isNativeBinding("uws")).toBe(false);
  });
});

describe("compareVersions", () => {
  it("orders by the leading numbers", () => {
    expect(compareVersions("2.36", "2.38")).toBeLessThan(0);
    expect(compareVersions("2.38", "2.38")).toBe(0);
    expect(compareVersions("2.40", "2.38")).toBeGreaterThan(0);
    expect(compareVersions("20.30.0-unofficial.0", "20.57.0")).toBeLessThan(0);
    expect(compareVersions("20.57.0", "20.9.1")).toBeGreaterThan(0);
  });
});
