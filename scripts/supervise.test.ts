import { describe, expect, it } from "vitest";
import { supervise } from "./supervise.mjs";

/** A child that runs until told to stop, and says so on SIGTERM. */
const LONG_RUNNER = `process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(0); }); setInterval(() => {}, 1000); console.log("ready");`;

describe("supervise", () => {
  it("stops the others when one child dies and exits with its code", async () => {
    const lines: string[] = [];
    const run = supervise(
      [
        { name: "server", command: process.execPath, args: ["-e", LONG_RUNNER] },
        { name: "crasher", command: process.execPath, args: ["-e", "setTimeout(() => process.exit(3), 200)"] },
      ],
      { handleSignals: false, log: (line) => lines.push(line) },
    );
    expect(await run.done).toBe(3);
    expect(lines.join("\n")).toContain("crasher exited (code 3)");
  });

  it("treats a server that exits cleanly on its own as a failure", async () => {
    const run = supervise(
      [
        { name: "server", command: process.execPath, args: ["-e", LONG_RUNNER] },
        { name: "quitter", command: process.execPath, args: ["-e", "setTimeout(() => {}, 100)"] },
      ],
      { handleSignals: false, log: () => {} },
    );
    expect(await run.done).toBe(1);
  });

  it("stops every child on request and exits 0", async () => {
    const run = supervise(
      [
        { name: "a", command: process.execPath, args: ["-e", LONG_RUNNER] },
        { name: "b", command: process.execPath, args: ["-e", LONG_RUNNER] },
      ],
      { handleSignals: false, log: () => {} },
    );
    await new Promise((r) => setTimeout(r, 300));
    run.stop("SIGTERM");
    expect(await run.done).toBe(0);
  });

  it("kills a child that ignores SIGTERM after the grace period", async () => {
    const stubborn = `process.on("SIGTERM", () => {}); setInterval(() => {}, 1000);`;
    const lines: string[] = [];
    const run = supervise([{ name: "stubborn", command: process.execPath, args: ["-e", stubborn] }], {
      handleSignals: false,
      killAfterMs: 200,
      log: (line) => lines.push(line),
    });
    await new Promise((r) => setTimeout(r, 300));
    run.stop();
    expect(await run.done).toBe(0);
    expect(lines.join("\n")).toContain("killing it");
  });
});
