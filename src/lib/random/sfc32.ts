// The sfc32 generator ("small fast chaotic", Chris Doty-Humphrey's 128-bit-state design), shared by the
// corpus's Rng and training's Prng, which differ only in how they seed it. Pure 32-bit integer ops
// (|0, >>>, ^) give identical streams in every JS engine.

export class Sfc32 {
  protected a = 0;
  protected b = 0;
  protected c = 0;
  protected d = 1;

  /** Sets the four state words (the all-zero state is the only degenerate one, so it is nudged). */
  protected setState(a: number, b: number, c: number, d: number): void {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = (a | b | c | d) === 0 ? 1 : d;
  }

  /** Next uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
}
