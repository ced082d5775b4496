/**
 * Runs long-lived child processes as one unit, for `npm start` and `npm run dev`:
 * - each child's output is prefixed with its name;
 * - when one child exits, the others are stopped (SIGTERM, then SIGKILL after a grace period)
 *   and the unit exits with the first child's code;
 * - with `handleSignals`, SIGINT/SIGTERM are forwarded to every child. Tests pass false so no
 *   handlers are installed in the test process.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const KILL_AFTER_MS = 5_000;

/**
 * @typedef {object} ChildSpec
 * @property {string} name Short label used as the output prefix, e.g. "feed".
 * @property {string} command Executable, e.g. process.execPath.
 * @property {string[]} args
 * @property {Record<string, string | undefined>} [env] Added to the parent's environment.
 */

/**
 * @param {ChildSpec[]} specs
 * @param {{ handleSignals?: boolean, killAfterMs?: number, log?: (line: string) => void }} [options]
 * @returns {{ done: Promise<number>, stop: (signal?: NodeJS.Signals) => void }}
 */
export function supervise(specs, options = {}) {
  const { handleSignals = true, killAfterMs = KILL_AFTER_MS, log = (line) => console.error(line) } = options;
  /** @type {Map<string, import("node:child_process").ChildProcess>} */
  const running = new Map();
  /** @type {number | null} */
  let exitCode = null;
  let stopping = false;
  /** @type {NodeJS.Timeout | null} */
  let killTimer = null;
  /** @type {(code: number) => void} */
  let resolveDone = () => {};
  const done = new Promise((resolve) => {
    resolveDone = resolve;
  });

  const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
    log(`[supervise] ${signal}: stopping ${[...running.keys()].join(", ") || "nothing"}`);
    if (exitCode === null) exitCode = 0;
    stop(signal);
  };

  function stop(/** @type {NodeJS.Signals} */ signal = "SIGTERM") {
    if (exitCode === null) exitCode = 0;
    stopping = true;
    for (const child of running.values()) child.kill(signal);
    if (killTimer === null && running.size > 0) {
      killTimer = setTimeout(() => {
        for (const [name, child] of running) {
          log(`[supervise] ${name} did not stop within ${killAfterMs} ms; killing it`);
          child.kill("SIGKILL");
        }
      }, killAfterMs);
      killTimer.unref();
    }
  }

  function prefix(/** @type {import("node:stream").Readable | null} */ stream, /** @type {string} */ name, /** @type {NodeJS.WriteStream} */ out) {
    if (!stream) return;
    createInterface({ input: stream }).on("line", (line) => out.write(`[${name}] ${line}\n`));
  }

  for (const spec of specs) {
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.set(spec.name, child);
    prefix(child.stdout, spec.name, process.stdout);
    prefix(child.stderr, spec.name, process.stderr);
    child.on("error", (err) => log(`[supervise] ${spec.name} failed to start: ${err.message}`));
    child.on("exit", (code, signal) => {
      running.delete(spec.name);
      if (!stopping) {
        log(`[supervise] ${spec.name} exited (${signal ?? `code ${code}`}); stopping the rest`);
        exitCode = code === 0 ? 1 : (code ?? 1); // a server that exits on its own is a failure
        stop("SIGTERM");
      }
      if (running.size === 0) {
        if (killTimer !== null) clearTimeout(killTimer);
        if (handleSignals) {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
        }
        resolveDone(exitCode ?? 0);
      }
    });
  }

  if (handleSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  return { done, stop };
}

/**
 * Runs a command to completion with inherited output (e.g. `next build`).
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string | undefined>} [env]
 * @returns {Promise<number>} the exit code
 */
export function runOnce(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("error", () => resolve(1));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
