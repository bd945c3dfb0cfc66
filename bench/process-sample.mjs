// Preloaded (`node --import`) into every process that bench/compare.ts times: at exit, writes the
// process's own CPU time (user + system, all threads) and peak RSS to $NIGHTLIGHT_BENCH_SAMPLE.
// Plain JavaScript so that it measures any version of nightlight, and the yaml baseline, alike.
import { writeFileSync } from 'node:fs';

const out = process.env.NIGHTLIGHT_BENCH_SAMPLE;
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ userMs: cpu.user / 1000, systemMs: cpu.system / 1000, maxRssKb: usage.maxRSS }));
  });
}
