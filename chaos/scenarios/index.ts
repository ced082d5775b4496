/** Every scenario, in the order `npm run chaos` runs them. */
import type { ScenarioContext, ScenarioResult } from "../types";
import { churn } from "./churn";
import { EDGE_KILL, edgeKill, natsRestart, natsRestartMeta, SOURCE_KILL, sourceKill } from "./cluster";
import { skipped } from "./harness";
import { httpAbuse } from "./httpAbuse";
import { malformedFrames } from "./malformedFrames";
import { rawTcp } from "./rawTcp";
import { recorderDisk } from "./recorderDisk";
import { slowConsumers } from "./slowConsumers";
import { storm } from "./storm";
import { superviseKill } from "./superviseKill";

const QUICK_SKIP = "quick mode: runs in npm run chaos (full)";

export interface ScenarioEntry {
  id: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult[]>;
}

const one = (id: string, run: (ctx: ScenarioContext) => Promise<ScenarioResult>): ScenarioEntry => ({ id, run: async (ctx) => [await run(ctx)] });

export const SCENARIOS: ScenarioEntry[] = [
  one("malformed-frames", malformedFrames),
  one("raw-tcp", rawTcp),
  one("http-abuse", httpAbuse),
  one("churn", churn),
  one("slow-consumers", slowConsumers),
  one("reconnect-storm", storm),
  {
    id: "nats-restart",
    run: async (ctx) => {
      const rows: ScenarioResult[] = [];
      for (const ms of ctx.scale.natsRestartsMs) rows.push(await natsRestart(ms, false)(ctx));
      rows.push(ctx.scale.clusterKills ? await natsRestart(1_000, true)(ctx) : skipped(natsRestartMeta(1_000, true), QUICK_SKIP));
      return rows;
    },
  },
  one("recorder-full-disk", recorderDisk),
  one("feed-kill-9", superviseKill),
  { id: "edge-kill", run: async (ctx) => [ctx.scale.clusterKills ? await edgeKill(ctx) : skipped(EDGE_KILL, QUICK_SKIP)] },
  { id: "source-kill", run: async (ctx) => [ctx.scale.clusterKills ? await sourceKill(ctx) : skipped(SOURCE_KILL, QUICK_SKIP)] },
];
