/**
 * The shapes the chaos suite records: one result per scenario, the file they are kept in, and
 * what a scenario gets to run with. `chaos/results/latest.json` holds a `ChaosResults`, and
 * `docs/reliability.md` is rendered from it alone.
 */
import type { MachineInfo } from "../bench/orchestrator/procfs";

export type Mode = "quick" | "full";

/**
 * - pass: every expectation of the scenario held;
 * - fail: one did not (the findings say which);
 * - skipped: the scenario could not run here (the findings say why), e.g. quick mode without a
 *   Next.js build.
 */
export type Verdict = "pass" | "fail" | "skipped";

export interface ScenarioResult {
  id: string;
  title: string;
  /** How much abuse was applied, e.g. 12000 and "frames". */
  count: number;
  unit: string;
  /** Server processes that died when they should not have (exit or signal not asked for). */
  crashes: number;
  /**
   * Ticks the well-behaved clients never got within an epoch: seq gaps not filled by a resume.
   * Null when the scenario had no well-behaved client.
   */
  ticksLost: number | null;
  /** Times a well-behaved client's resume was refused because numbering restarted (new epoch). */
  epochResets: number;
  /** Resident memory of the server process under test, KiB, before and after. Null when not measured. */
  rssBeforeKiB: number | null;
  rssAfterKiB: number | null;
  durationMs: number;
  verdict: Verdict;
  /** What the scenario expects, in one sentence (rendered in the doc). */
  expectation: string;
  /** What was observed: every failed expectation, plus notable figures. */
  findings: string[];
}

export interface ChaosResults {
  startedAt: string;
  finishedAt: string;
  command: string;
  mode: Mode;
  machine: MachineInfo;
  /** The commit measured, and whether feed-server/, lib/ or scripts/ had uncommitted changes. */
  tickwire: string;
  scenarios: ScenarioResult[];
}

/** The sizes of one run; quick mode uses toy sizes so that it fits inside `npm test`. */
export interface Scale {
  malformedFrames: number;
  rawTcpConnections: number;
  httpRequests: number;
  churnCycles: number;
  slowClients: number;
  stormClients: number;
  /** nats-server down times, in ms, with the store kept. */
  natsRestartsMs: number[];
  /** The kill -9 under `npm start` (needs a Next.js build). */
  superviseKill: boolean;
  /** NATS wipe, edge kill and source kill. */
  clusterKills: boolean;
}

export interface ScenarioContext {
  mode: Mode;
  scale: Scale;
  root: string;
  log(message: string): void;
}

export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioResult>;
