/** Every scenario, in the order `npm run chaos` runs them. */
import type { ScenarioContext, ScenarioResult } from "../types";
import { churn } from "./churn";
import { httpAbuse } from "./httpAbuse";
import { malformedFrames } from "./malformedFrames";
import { rawTcp } from "./rawTcp";
import { slowConsumers } from "./slowConsumers";
import { storm } from "./storm";

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
];
