/**
 * Scenario 7, widgets (issue 12): 5,000 embedded quote widgets, each holding one symbol that
 * ticks 50 times a second (symbols dealt round-robin). Until the conflated bar channel lands
 * the widgets take raw ticks, as here.
 */
import type { Scenario } from "./context";
import { runSubsets } from "./subsets";

export const widgets: Scenario = async (ctx, impl, round) => [await runSubsets(ctx, impl, round, { scenario: "widgets", step: "", params: ctx.scale.widgets })];
