// Wrapping a WebGPU prototype method so that an observer sees each call, for the bench's counters and
// its step recorder alike.

/** Wraps `proto[name]` so that `observe(this, args, result)` runs after each call; absent methods are skipped. */
export function tap<T extends object>(proto: T, name: string, observe: (self: unknown, args: unknown[], result: unknown) => void): void {
  const target = proto as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') return; // an API this browser lacks (e.g. indirect dispatch)
  target[name] = function (this: unknown, ...args: unknown[]) {
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    observe(this, args, result);
    return result;
  };
}
