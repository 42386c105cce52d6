import fc from "fast-check";

// Property tests explore new random inputs on every local run. CI pins the seed (FC_SEED in
// .ci/run) so a landing is judged on the same inputs each time; a failure anywhere prints
// its seed, and `FC_SEED=<seed> npm run test:unit` replays it.
const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== "") {
  const parsed = Number(seed);
  if (!Number.isSafeInteger(parsed)) throw new Error(`FC_SEED must be an integer, got ${seed}`);
  fc.configureGlobal({ seed: parsed });
}
