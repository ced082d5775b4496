/**
 * Runs long-lived child processes as one unit, for `npm start`, `npm run dev` and `npm run cluster`:
 * - each child's output is prefixed with its name;
 * - a child that exits on its own is restarted after a backoff (doubling from `baseMs` up to
 *   `maxMs`), and each exit and restart is logged with its cause; the other children keep running;
 * - a child that crashes `maxFastCrashes` times in a row, each within `fastMs` of starting, is
 *   given up on: the others are stopped and the unit exits non-zero (the child's code, else 1);
 * - every child runs in its own process group, and stopping kills the whole group, so nothing a
 *   child started (tsx watch's child, Next.js workers) outlives the unit;
 * - with `handleSignals`, SIGINT, SIGTERM and SIGHUP stop every child, and so does the death of
 *   the unit's own parent (npm does not forward SIGHUP: `kill -HUP` of `npm start` kills npm and
 *   would leave us running). Tests pass false so no handlers are installed in the test process.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const KILL_AFTER_MS = 5_000;
const STOP_SIGNALS = /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"]);
const PARENT_CHECK_MS = 500;

/** @type {Required<import("./supervise.d.mts").RestartPolicy>} */
export const DEFAULT_RESTART = { baseMs: 500, maxMs: 10_000, fastMs: 10_000, maxFastCrashes: 5 };

/**
 * @param {import("./supervise.d.mts").ChildSpec[]} specs
 * @param {import("./supervise.d.mts").SuperviseOptions} [options]
 * @returns {import("./supervise.d.mts").Supervision}
 */
export function supervise(specs, options = {}) {
  const {
    handleSignals = true,
    killAfterMs = KILL_AFTER_MS,
    log = (line) => console.error(line),
    write = (stream, line) => (stream === "stdout" ? process.stdout : process.stderr).write(`${line}\n`),
    now = Date.now,
  } = options;
  const policy = { ...DEFAULT_RESTART, ...options.restart };
  /** @type {Map<string, import("node:child_process").ChildProcess>} */
  const running = new Map();
  /** @type {Map<string, NodeJS.Timeout>} */
  const restartTimers = new Map();
  /** @type {Map<string, number>} consecutive fast crashes per child */
  const fastCrashes = new Map();
  /** @type {number | null} */
  let exitCode = null;
  let stopping = false;
  /** @type {NodeJS.Timeout | null} */
  let killTimer = null;
  /** @type {NodeJS.Timeout | null} */
  let parentWatch = null;
  /** @type {(code: number) => void} */
  let resolveDone = () => {};
  const done = new Promise((resolve) => {
    resolveDone = resolve;
  });

  /** Signals a child's whole process group; the group may already be gone. */
  function signalGroup(/** @type {import("node:child_process").ChildProcess} */ child, /** @type {NodeJS.Signals} */ signal) {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: nothing left in the group.
    }
  }

  function stop(/** @type {NodeJS.Signals} */ signal = "SIGTERM") {
    if (exitCode === null) exitCode = 0;
    stopping = true;
    for (const timer of restartTimers.values()) clearTimeout(timer);
    restartTimers.clear();
    for (const child of running.values()) signalGroup(child, signal);
    if (killTimer === null && running.size > 0) {
      killTimer = setTimeout(() => {
        for (const [name, child] of running) {
          log(`[supervise] ${name} did not stop within ${killAfterMs} ms; killing it`);
          signalGroup(child, "SIGKILL");
        }
      }, killAfterMs);
      killTimer.unref();
    }
    finishIfIdle();
  }

  function finishIfIdle() {
    if (!stopping || running.size > 0) return;
    if (killTimer !== null) clearTimeout(killTimer);
    if (parentWatch !== null) clearInterval(parentWatch);
    if (handleSignals) {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
      process.off("exit", killAll);
    }
    resolveDone(exitCode ?? 0);
  }

  const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
    log(`[supervise] ${signal}: stopping ${[...running.keys()].join(", ") || "nothing"}`);
    stop("SIGTERM");
  };

  /** Last resort when this process exits without stopping first: no child may outlive it. */
  function killAll() {
    for (const child of running.values()) signalGroup(child, "SIGKILL");
  }

  function prefix(/** @type {import("node:stream").Readable | null} */ stream, /** @type {string} */ name, /** @type {"stdout" | "stderr"} */ to) {
    if (!stream) return;
    createInterface({ input: stream }).on("line", (line) => write(to, `[${name}] ${line}`));
  }

  function launch(/** @type {import("./supervise.d.mts").ChildSpec} */ spec) {
    const startedAt = now();
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so stopping it reaches everything it started
    });
    running.set(spec.name, child);
    prefix(child.stdout, spec.name, "stdout");
    prefix(child.stderr, spec.name, "stderr");
    child.on("error", (err) => {
      log(`[supervise] ${spec.name} failed to start: ${err.message}`);
      if (child.pid !== undefined) return; // a running child's error; its exit event follows
      running.delete(spec.name);
      if (!stopping) onCrash(spec, 127, null, now() - startedAt);
      finishIfIdle();
    });
    child.on("exit", (code, signal) => {
      running.delete(spec.name);
      // Whatever the child left behind in its group goes with it.
      signalGroup(child, "SIGKILL");
      if (!stopping) onCrash(spec, code, signal, now() - startedAt);
      finishIfIdle();
    });
  }

  function onCrash(
    /** @type {import("./supervise.d.mts").ChildSpec} */ spec,
    /** @type {number | null} */ code,
    /** @type {NodeJS.Signals | null} */ signal,
    /** @type {number} */ ranMs,
  ) {
    const cause = signal ? `signal ${signal}` : `code ${code}`;
    const fast = ranMs < policy.fastMs;
    const crashes = fast ? (fastCrashes.get(spec.name) ?? 0) + 1 : 1;
    fastCrashes.set(spec.name, fast ? crashes : 0);
    const ran = `after ${(ranMs / 1000).toFixed(1)} s`;
    if (fast && crashes >= policy.maxFastCrashes) {
      log(`[supervise] ${spec.name} exited (${cause}) ${ran}: ${crashes} fast crashes in a row, giving up; stopping the rest`);
      exitCode = code ? code : 1; // a server that keeps exiting, even with 0, is a failure
      stop("SIGTERM");
      return;
    }
    const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** (crashes - 1));
    log(`[supervise] ${spec.name} exited (${cause}) ${ran}; restarting in ${delay} ms (fast crash ${fast ? crashes : 0} of ${policy.maxFastCrashes})`);
    restartTimers.set(
      spec.name,
      setTimeout(() => {
        restartTimers.delete(spec.name);
        if (stopping) return;
        log(`[supervise] restarting ${spec.name}`);
        launch(spec);
      }, delay),
    );
  }

  for (const spec of specs) launch(spec);

  if (handleSignals) {
    for (const s of STOP_SIGNALS) process.on(s, onSignal);
    process.on("exit", killAll);
    const parent = process.ppid;
    parentWatch = setInterval(() => {
      if (process.ppid === parent || stopping) return;
      log(`[supervise] parent process ${parent} is gone: stopping ${[...running.keys()].join(", ") || "nothing"}`);
      stop("SIGTERM");
    }, PARENT_CHECK_MS);
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
