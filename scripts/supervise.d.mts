/** Types for supervise.mjs (plain JavaScript so `npm start` needs no build step). */
export interface ChildSpec {
  /** Short label used as the output prefix, e.g. "feed". */
  name: string;
  command: string;
  args: string[];
  /** Added to the parent's environment. */
  env?: Record<string, string | undefined>;
}

/** When and how often a child that exits on its own is started again. */
export interface RestartPolicy {
  /** First restart delay; doubles with each consecutive fast crash. Default 500 ms. */
  baseMs?: number;
  /** Longest restart delay. Default 10 000 ms. */
  maxMs?: number;
  /** A child that exits within this long of starting crashed "fast". Default 10 000 ms. */
  fastMs?: number;
  /** Consecutive fast crashes after which the unit gives up and exits non-zero. Default 5. */
  maxFastCrashes?: number;
}

export interface SuperviseOptions {
  /** Stop on SIGINT/SIGTERM/SIGHUP and when the parent dies (default true; tests pass false). */
  handleSignals?: boolean;
  /** Grace period between SIGTERM and SIGKILL, default 5000 ms. */
  killAfterMs?: number;
  restart?: RestartPolicy;
  /** The supervisor's own messages (exits, restarts, giving up). Default: stderr. */
  log?: (line: string) => void;
  /** Children's output lines, already prefixed with `[name]`. Default: the same stream of this process. */
  write?: (stream: "stdout" | "stderr", line: string) => void;
  now?: () => number;
}

export interface Supervision {
  /** Resolves with the unit's exit code once every child has exited: 0 when stopped, else the given-up child's code. */
  done: Promise<number>;
  /** Stops every child's process group with `signal` (default SIGTERM), SIGKILL after the grace period. */
  stop(signal?: NodeJS.Signals): void;
}

export const DEFAULT_RESTART: Required<RestartPolicy>;

export function supervise(specs: ChildSpec[], options?: SuperviseOptions): Supervision;

export function runOnce(command: string, args: string[], env?: Record<string, string | undefined>): Promise<number>;
