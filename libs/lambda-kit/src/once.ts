/**
 * `build` called on first use and its result kept for every later call: how a handler frame makes
 * its dependencies once per execution environment, on the first invocation rather than at import.
 *
 * @example
 * const environment = once(() => createServiceDependencies(loadConfig(process.env)));
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
