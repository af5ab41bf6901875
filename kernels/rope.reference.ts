// CPU reference for kernels/rope.ts: rotary positions, "rotate half" layout, in float64, straight from
// the definition (not from the tables): dimension i < rd/2 of a head is paired with i + rd/2 and the pair
// is rotated by angle pos · base^(−2i/rd); dimensions from rd on pass through (partial rotary).
export function ropeReference(x: ArrayLike<number>, shape: readonly [number, number, number, number], rd: number, base: number): Float64Array {
  const [b, h, t, hd] = shape;
  const half = rd / 2;
  const out = new Float64Array(x.length);
  for (let row = 0; row < b * h * t; row++) {
    const pos = row % t;
    const o = row * hd;
    for (let d = rd; d < hd; d++) out[o + d] = x[o + d];
    for (let i = 0; i < half; i++) {
      const angle = pos * Math.pow(base, (-2 * i) / rd);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      const [x1, x2] = [x[o + i], x[o + half + i]];
      out[o + i] = x1 * c - x2 * s;
      out[o + half + i] = x2 * c + x1 * s;
    }
  }
  return out;
}
