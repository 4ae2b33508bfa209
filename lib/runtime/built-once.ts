/**
 * A function's services, built on first use and then shared by every invocation of the container; a build
 * that fails is forgotten, so the next invocation tries again instead of failing forever.
 */
export function builtOnce<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}
