/**
 * Test fixture: runs `supervise` as `npm start` does (signal handlers installed), with the child
 * specs given as JSON in argv[2], and exits with its result.
 */
import { supervise } from "../supervise.mjs";

const specs = JSON.parse(process.argv[2] ?? "[]");
const { done } = supervise(specs, { killAfterMs: 1000 });
process.exit(await done);
