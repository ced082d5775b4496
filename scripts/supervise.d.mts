/** Types for supervise.mjs (plain JavaScript so `npm start` needs no build step). */
export interface ChildSpec {
  /** Short label used as the output prefix, e.g. "feed". */
  name: string;
  command: string;
  args: string[];
  /** Added to the parent's environment. */
  env?: Record<string, string | undefined>;
}

export interface SuperviseOptions {
  /** Forward SIGINT/SIGTERM to the children (default true; tests pass false). */
  handleSignals?: boolean;
  /** Grace period between SIGTERM and SIGKILL, default 5000 ms. */
  killAfterMs?: number;
  log?: (line: string) => void;
}

export interface Supervision {
  /** Resolves with the unit's exit code once every child has exited. */
  done: Promise<number>;
  /** Stops every child with `signal` (default SIGTERM). */
  stop(signal?: NodeJS.Signals): void;
}

export function supervise(specs: ChildSpec[], options?: SuperviseOptions): Supervision;

export function runOnce(command: string, args: string[], env?: Record<string, string | undefined>): Promise<number>;
