// A minimal parquet writer for tests: uncompressed PLAIN BYTE_ARRAY string columns, one data page per column
// chunk, v1 page headers. No parquet file exists on this machine and hyparquet-writer is not installed;
// that the independent reader (hyparquet) decodes these files back to the written strings is itself a check.
const enc = new TextEncoder();

// ---- Thrift compact protocol, just the parts a parquet footer needs ----
class Thrift {
  bytes: number[] = [];
  private last: number[] = [0];
  varint(n: bigint): void {
    let v = n;
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  zigzag(n: number | bigint): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }
  field(id: number, type: number): void {
    const top = this.last.length - 1;
    this.bytes.push(((id - this.last[top]) << 4) | type);
    this.last[top] = id;
  }
  i32(id: number, v: number): this { this.field(id, 5); this.zigzag(v); return this; }
  i64(id: number, v: number): this { this.field(id, 6); this.zigzag(v); return this; }
  str(id: number, s: string): this {
    this.field(id, 8);
    const b = enc.encode(s);
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
    return this;
  }
  struct(id: number, body: (t: Thrift) => void): this { this.field(id, 12); this.begin(); body(this); this.end(); return this; }
  list(id: number, elemType: number, n: number, each: (i: number) => void): this {
    this.field(id, 9);
    if (n < 15) this.bytes.push((n << 4) | elemType);
    else { this.bytes.push(0xf0 | elemType); this.varint(BigInt(n)); }
    for (let i = 0; i < n; i++) each(i);
    return this;
  }
  begin(): void { this.last.push(0); }
  end(): void { this.bytes.push(0); this.last.pop(); }
  elemStruct(body: (t: Thrift) => void): void { this.begin(); body(this); this.end(); }
  elemI32(v: number): void { this.zigzag(v); }
  elemStr(s: string): void { const b = enc.encode(s); this.varint(BigInt(b.length)); this.bytes.push(...b); }
}

export interface ChunkInfo { column: string; offset: number; size: number; rows: number }

/** A parquet file with string columns and the given rows per row group. */
export function writeParquet(columns: Record<string, string[]>, rowsPerGroup: number): { bytes: Uint8Array; chunks: ChunkInfo[][] } {
  const names = Object.keys(columns);
  const nRows = columns[names[0]].length;
  const out: number[] = [...enc.encode('PAR1')];
  const groups: ChunkInfo[][] = [];
  for (let g0 = 0; g0 < nRows; g0 += rowsPerGroup) {
    const rows = Math.min(rowsPerGroup, nRows - g0);
    const chunks: ChunkInfo[] = [];
    for (const name of names) {
      const data: number[] = [];
      for (const v of columns[name].slice(g0, g0 + rows)) {
        const b = enc.encode(v);
        data.push(b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, (b.length >>> 24) & 0xff);
        for (const x of b) data.push(x);
      }
      const header = new Thrift();
      header.i32(1, 0).i32(2, data.length).i32(3, data.length).struct(5, (t) => t.i32(1, rows).i32(2, 0).i32(3, 3).i32(4, 3));
      header.bytes.push(0);
      const offset = out.length;
      for (const x of header.bytes) out.push(x);
      for (const x of data) out.push(x);
      chunks.push({ column: name, offset, size: out.length - offset, rows });
    }
    groups.push(chunks);
  }
  const meta = new Thrift();
  meta.i32(1, 1);
  meta.list(2, 12, names.length + 1, (i) =>
    meta.elemStruct((t) => (i === 0 ? t.str(4, 'schema').i32(5, names.length) : t.i32(1, 6).i32(3, 0).str(4, names[i - 1]).i32(6, 0))),
  );
  meta.i64(3, nRows);
  meta.list(4, 12, groups.length, (gi) =>
    meta.elemStruct((t) => {
      const g = groups[gi];
      t.list(1, 12, g.length, (ci) =>
        t.elemStruct((c) => {
          const ch = g[ci];
          c.i64(2, ch.offset).struct(3, (m) => {
            m.i32(1, 6).list(2, 5, 1, () => m.elemI32(0)).list(3, 8, 1, () => m.elemStr(ch.column));
            m.i32(4, 0).i64(5, ch.rows).i64(6, ch.size).i64(7, ch.size).i64(9, ch.offset);
          });
        }),
      );
      t.i64(2, g.reduce((s, c) => s + c.size, 0)).i64(3, g[0].rows);
    }),
  );
  meta.bytes.push(0);
  const len = meta.bytes.length;
  out.push(...meta.bytes, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, (len >>> 24) & 0xff, ...enc.encode('PAR1'));
  return { bytes: new Uint8Array(out), chunks: groups };
}
