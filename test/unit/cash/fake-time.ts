/** A clock that only moves when someone sleeps; `sleeps` lists every wait asked for. */
export function fakeTime(start: number) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
    },
  };
}
