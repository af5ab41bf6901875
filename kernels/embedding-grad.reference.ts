// CPU reference for kernels/embedding-grad.ts: dE [vocab, d] = rows of dy [tokens, d] summed by id, float64.
export function embeddingGradReference(ids: ArrayLike<number>, dy: ArrayLike<number>, vocab: number, d: number): Float64Array {
  const out = new Float64Array(vocab * d);
  for (let t = 0; t < ids.length; t++) for (let c = 0; c < d; c++) out[ids[t] * d + c] += dy[t * d + c];
  return out;
}
