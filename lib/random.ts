/**
 * Seeded random numbers, so a simulator run with FEED_SEED is reproducible to the tick.
 * The generator is a 32-bit "mulberry"-style mixer: tiny, fast, and good enough for prices
 * (not for cryptography).
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller; one of the pair is discarded for simplicity). */
export function normal(random: Random): number {
  let u = random();
  while (u <= Number.EPSILON) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Exponential draw with the given rate (mean 1/rate): inter-arrival time of a Poisson process. */
export function exponential(random: Random, rate: number): number {
  let u = random();
  while (u <= Number.EPSILON) u = random();
  return -Math.log(u) / rate;
}
