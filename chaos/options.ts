/** Command-line flags of `npm run chaos` and the sizes each mode runs at. */
import type { Mode, Scale } from "./types";

export const USAGE = `usage: npm run chaos [-- --quick] [--only=id,id] [--out=DIR] | npm run chaos -- --render
  --quick      toy sizes, no Next.js build needed, does not write docs/reliability.md (npm test runs this)
  --only=LIST  run only these scenario ids (comma-separated)
  --out=DIR    where to write the results JSON (default chaos/results; quick mode: a temporary directory)
  --render     run nothing: render docs/reliability.md again from chaos/results/latest.json`;

export const SCALES: Record<Mode, Scale> = {
  quick: {
    malformedFrames: 1_000,
    rawTcpConnections: 46,
    httpRequests: 34,
    churnCycles: 200,
    slowClients: 3,
    stormClients: 200,
    natsRestartsMs: [1_000],
    superviseKill: false,
    clusterKills: false,
  },
  full: {
    malformedFrames: 100_000,
    rawTcpConnections: 2_300,
    httpRequests: 1_700,
    churnCycles: 8_000,
    slowClients: 20,
    stormClients: 5_000,
    natsRestartsMs: [1_000, 3_000, 10_000],
    superviseKill: true,
    clusterKills: true,
  },
};

export interface Options {
  mode: Mode;
  /** Only render the doc from the kept results. */
  render: boolean;
  only: string[] | undefined;
  out: string | undefined;
}

export type ParsedOptions = { kind: "run"; options: Options } | { kind: "help" } | { kind: "error"; error: string };

export function parseOptions(argv: readonly string[]): ParsedOptions {
  const options: Options = { mode: "full", render: false, only: undefined, out: undefined };
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--quick") options.mode = "quick";
    else if (arg === "--render") options.render = true;
    else if (arg.startsWith("--only=")) options.only = arg.slice(7).split(",").map((s) => s.trim()).filter(Boolean);
    else if (arg.startsWith("--out=") && arg.length > 6) options.out = arg.slice(6);
    else return { kind: "error", error: `unknown argument "${arg}"` };
  }
  return { kind: "run", options };
}
