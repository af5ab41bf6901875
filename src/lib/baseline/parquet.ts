// Reads one text column of a row range from a parquet file (local bytes or a range-fetched URL).
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { BaselineError, checkAborted, messageOf } from './errors.ts';

export interface ParquetTextRequest {
  column: string;
  rowStart: number;
  /** Exclusive; clamped to the file's row count. */
  rowEnd: number;
  signal?: AbortSignal;
  /** Called once the footer is read: how many compressed bytes the requested column chunks hold. */
  onPlan?: (plan: { totalRows: number; rows: number; columnBytes: number }) => void;
  /** Called as column chunks are decoded: rows of the request decoded so far. */
  onRows?: (rows: number) => void;
}

/** Compressed bytes of `column` in the row groups that overlap [rowStart, rowEnd): what must be downloaded. */
export function plannedColumnBytes(meta: FileMetaData, column: string, rowStart: number, rowEnd: number): number {
  let first = 0;
  let bytes = 0;
  for (const g of meta.row_groups) {
    const n = Number(g.num_rows);
    if (first < rowEnd && first + n > rowStart) {
      for (const c of g.columns) if (c.meta_data?.path_in_schema.join('.') === column) bytes += Number(c.meta_data.total_compressed_size);
    }
    first += n;
  }
  return bytes;
}

function textOf(v: unknown, row: number, column: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  throw new BaselineError(`Column "${column}" is not text (row ${row} holds a ${typeof v}).`, 'column');
}

/** The column's values for rows [rowStart, rowEnd), nulls dropped. Throws BaselineError. */
export async function readParquetText(file: AsyncBuffer, req: ParquetTextRequest): Promise<string[]> {
  const { column, signal } = req;
  let meta: FileMetaData;
  let columns: string[];
  try {
    meta = await parquetMetadataAsync(file);
    // A damaged footer can decode into a schema tree with holes, so reading it is part of the check.
    columns = parquetSchema(meta).children.map((c) => c.element.name);
  } catch (e) {
    if (e instanceof BaselineError) throw e;
    throw new BaselineError(`Not a readable parquet file (${messageOf(e)}).`, 'format');
  }
  checkAborted(signal);
  if (!columns.includes(column)) {
    throw new BaselineError(`The parquet file has no column "${column}"; its columns are: ${columns.join(', ')}.`, 'column');
  }
  const totalRows = Number(meta.num_rows);
  const rowEnd = Math.min(req.rowEnd, totalRows);
  if (!(req.rowStart >= 0 && req.rowStart < rowEnd)) {
    throw new BaselineError(`Rows ${req.rowStart}–${req.rowEnd} are outside the file, which has ${totalRows} rows.`, 'rows');
  }
  req.onPlan?.({ totalRows, rows: rowEnd - req.rowStart, columnBytes: plannedColumnBytes(meta, column, req.rowStart, rowEnd) });
  let values: unknown[] = [];
  let decoded = 0;
  try {
    await parquetRead({
      file,
      metadata: meta,
      columns: [column],
      rowStart: req.rowStart,
      rowEnd,
      compressors,
      onChunk: (chunk) => {
        // Chunks may extend past the request; count only the overlap.
        decoded += Math.max(0, Math.min(chunk.rowEnd, rowEnd) - Math.max(chunk.rowStart, req.rowStart));
        req.onRows?.(Math.min(decoded, rowEnd - req.rowStart));
      },
      onComplete: (rows) => {
        values = rows.map((r) => r[0]);
      },
    });
  } catch (e) {
    if (e instanceof BaselineError) throw e;
    checkAborted(signal);
    throw new BaselineError(`Could not decode column "${column}" (${messageOf(e)}).`, 'format');
  }
  checkAborted(signal);
  const out: string[] = [];
  values.forEach((v, i) => {
    const t = textOf(v, req.rowStart + i, column);
    if (t !== null) out.push(t);
  });
  return out;
}
