/** Times `work` in process: 3 warm-up calls, then `rounds` timed ones; p50 and p97.5 in ms. */
export function timeInProcess(work: () => unknown, rounds: number): { p50: number; p975: number } {
  for (let i = 0; i < 3; i++) work();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    work();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
  return { p50: at(0.5), p975: at(0.975) };
}
