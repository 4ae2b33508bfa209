/** `items` with the one at `index` moved `delta` places (clamped to the ends); a new array. */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const copy = [...items];
  if (index < 0 || index >= copy.length) return copy;
  const target = Math.min(copy.length - 1, Math.max(0, index + delta));
  const [moved] = copy.splice(index, 1);
  copy.splice(target, 0, moved as T);
  return copy;
}
