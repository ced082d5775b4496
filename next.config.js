/**
 * Next.js configuration (ESM: the package is "type": "module").
 * The feed URL is NOT configured here: the root layout reads FEED_PUBLIC_URL / FEED_PORT at
 * request time, so the same build can serve any deployment.
 */

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,

  /**
   * `next build` type-checks only the dashboard's own files (app/ and the lib/ code it imports);
   * `npm test` type-checks the whole repository, so a type error in the feed server or a
   * benchmark is still caught, but cannot stop the dashboard from building.
   */
  typescript: { tsconfigPath: "tsconfig.next.json" },

  /**
   * `next dev` serves its dev resources only to localhost by default; the scripts and tests
   * open the dashboard at 127.0.0.1 too (production builds are not affected).
   */
  allowedDevOrigins: ["127.0.0.1"],

  /** Response headers (security headers, CSP) go here. */
  async headers() {
    return [];
  },
};

export default nextConfig;
