/**
 * Scenario 2, spread: many symbols, each connection holding a random handful, every symbol
 * ticking at the same rate. Each tick reaches few connections, so per-tick costs (topic
 * lookup, serialisation, broadcast set-up) weigh more than in the broadcast.
 */
import type { Scenario } from "./context";
import { runSubsets } from "./subsets";

export const spread: Scenario = async (ctx, impl, round) => [await runSubsets(ctx, impl, round, { scenario: "spread", step: "", params: ctx.scale.spread })];
