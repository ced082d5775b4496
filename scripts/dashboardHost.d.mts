/** Types for dashboardHost.mjs (plain JavaScript so `npm start` needs no build step). */
export function dashboardHost(env: Record<string, string | undefined>): { host: string } | { error: string };
export function nextArgs(mode: "start" | "dev", host: string, port: number): string[];
export function dashboardUrl(host: string, port: number): string;
