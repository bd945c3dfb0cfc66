/**
 * The V8 flags the CLI bundle sets first thing (scripts/bundle-cli.ts). A scan runs a lot of code a
 * few thousand times and then exits: V8's optimising compiler (TurboFan, on helper threads) spent
 * more CPU compiling than it saved. Eight times its default interrupt budget leaves optimisation to
 * the really hot functions: -12 to -20% CPU on the benchmark rows (docs/performance.md). The
 * in-process benchmarks run with the same flags, so that they measure what the CLI does.
 */
export const CLI_V8_FLAGS = '--interrupt-budget=540672';
