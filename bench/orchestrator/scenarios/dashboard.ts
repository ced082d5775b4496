/**
 * Scenario 6, dashboard (issue 12): 1,000 dashboards, each watching 50 of 100 symbols that tick
 * 5 times a second: 250k deliveries/s, every connection getting about 250 ticks/s spread over
 * many symbols. tickwire runs with its default FEED_FLUSH_MS, the peers send each tick as it comes.
 */
import type { Scenario } from "./context";
import { runSubsets } from "./subsets";

export const dashboard: Scenario = async (ctx, impl, round) => [await runSubsets(ctx, impl, round, { scenario: "dashboard", step: "", params: ctx.scale.dashboard })];
