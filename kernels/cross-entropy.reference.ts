// CPU reference for kernels/cross-entropy.ts: per-row softmax cross-entropy and its gradient, float64.
export function crossEntropyReference(logits: ArrayLike<number>, targets: ArrayLike<number>, rows: number, vocab: number): Float64Array {
  const loss = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    loss[r] = logSumExp(logits, r * vocab, vocab) - logits[r * vocab + targets[r]];
  }
  return loss;
}

/** dlogits[r, j] = (softmax(logits[r])[j] − [j = target[r]]) · dloss[r]. */
export function crossEntropyGradReference(
  logits: ArrayLike<number>,
  targets: ArrayLike<number>,
  dloss: ArrayLike<number>,
  rows: number,
  vocab: number,
): Float64Array {
  const out = new Float64Array(rows * vocab);
  for (let r = 0; r < rows; r++) {
    const lse = logSumExp(logits, r * vocab, vocab);
    for (let j = 0; j < vocab; j++) {
      out[r * vocab + j] = (Math.exp(logits[r * vocab + j] - lse) - (j === targets[r] ? 1 : 0)) * dloss[r];
    }
  }
  return out;
}

function logSumExp(x: ArrayLike<number>, start: number, n: number): number {
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, x[start + j]);
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(x[start + j] - m);
  return m + Math.log(s);
}
