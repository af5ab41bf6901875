// The entry points the app and worker call: web text from the Hub (cached), from a URL, or from bytes.
import { cachedAsyncBuffer } from 'hyparquet';
import { BaselineError, checkAborted, messageOf } from './errors.ts';
import { documentBytes, fingerprintDocuments } from './fingerprint.ts';
import { cleanDocuments, documentsFromText } from './documents.ts';
import { documentsFromJsonl, type BaselineFormat } from './formats.ts';
import { readParquetText } from './parquet.ts';
import { rangeBuffer, type FetchLike } from './range-buffer.ts';
import { describeHubRef, hubFileUrl } from './hub.ts';
import { hubCacheKey, type BaselineCache, type CachedBaseline, type HubRef } from './cache.ts';

export interface LoadedBaseline {
  docs: string[];
  /** fingerprintDocuments(docs): SHA-256 hex. */
  fingerprint: string;
  /** UTF-8 bytes of the documents' text. */
  bytes: number;
  /** Human description of where the text came from. */
  source: string;
  fromCache: boolean;
}

export interface LoadProgress {
  phase: 'cache' | 'metadata' | 'rows' | 'done';
  /** Body bytes downloaded so far. */
  bytesFetched: number;
  /** Compressed bytes the requested rows occupy (known after the footer is read; 0 before). */
  bytesPlanned: number;
  rowsDone: number;
  rowsTotal: number;
}

export interface LoadOptions {
  fetch?: FetchLike;
  cache?: BaselineCache;
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** Read the same file from another address, e.g. a mirror on the page's own origin. */
  url?: string;
}

export interface RowRange {
  column?: string;
  rowStart?: number;
  rowEnd?: number;
}

function finish(rawDocs: string[], source: string, fromCache: boolean): LoadedBaseline {
  const docs = cleanDocuments(rawDocs);
  if (docs.length === 0) throw new BaselineError(`${source}: no non-empty documents.`, 'format');
  return { docs, fingerprint: fingerprintDocuments(docs), bytes: documentBytes(docs), source, fromCache };
}

function progressTracker(onProgress: LoadOptions['onProgress']) {
  const p: LoadProgress = { phase: 'metadata', bytesFetched: 0, bytesPlanned: 0, rowsDone: 0, rowsTotal: 0 };
  const emit = () => onProgress?.({ ...p });
  return {
    p,
    emit,
    onBytes: (n: number) => {
      p.bytesFetched += n;
      emit();
    },
  };
}

/** Parquet rows over HTTP Range requests. */
async function parquetFromUrl(url: string, range: Required<RowRange>, opts: LoadOptions): Promise<string[]> {
  const fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const t = progressTracker(opts.onProgress);
  t.emit();
  // The memoizing wrapper stops hyparquet fetching the same footer bytes twice.
  const file = cachedAsyncBuffer(await rangeBuffer(url, { fetch, signal: opts.signal, onBytes: t.onBytes }));
  const docs = await readParquetText(file, {
    ...range,
    signal: opts.signal,
    onPlan: ({ rows, columnBytes }) => {
      Object.assign(t.p, { phase: 'rows', rowsTotal: rows, bytesPlanned: columnBytes });
      t.emit();
    },
    onRows: (rows) => {
      t.p.rowsDone = rows;
      t.emit();
    },
  });
  Object.assign(t.p, { phase: 'done', rowsDone: t.p.rowsTotal });
  t.emit();
  return docs;
}

/** A hub cache entry is trusted only if its documents still hash to its fingerprint (storage can be corrupted or edited). */
function intact(c: CachedBaseline | undefined): c is CachedBaseline {
  return !!c && Array.isArray(c.docs) && c.docs.every((d) => typeof d === 'string') && fingerprintDocuments(c.docs) === c.fingerprint;
}

/**
 * Web text for a hub reference: from the cache when it holds these exact rows, otherwise downloaded (only
 * the footer and the requested column chunks) and then cached. Throws BaselineError.
 */
export async function loadBaseline(ref: HubRef, opts: LoadOptions = {}): Promise<LoadedBaseline> {
  checkAborted(opts.signal);
  const key = hubCacheKey(ref);
  const source = describeHubRef(ref);
  if (opts.cache) {
    let hit: CachedBaseline | undefined;
    try {
      hit = await opts.cache.get(key);
    } catch {
      hit = undefined; // A broken cache costs a download, never the experiment.
    }
    if (intact(hit)) {
      opts.onProgress?.({ phase: 'done', bytesFetched: 0, bytesPlanned: 0, rowsDone: hit.docs.length, rowsTotal: hit.docs.length });
      return { docs: hit.docs, fingerprint: hit.fingerprint, bytes: hit.bytes, source: hit.source, fromCache: true };
    }
  }
  const url = opts.url ?? hubFileUrl(ref);
  const raw = await parquetFromUrl(url, { column: ref.column, rowStart: ref.rowStart, rowEnd: ref.rowEnd }, opts);
  const loaded = finish(raw, source, false);
  checkAborted(opts.signal);
  if (opts.cache) {
    try {
      await opts.cache.put(key, { docs: loaded.docs, fingerprint: loaded.fingerprint, bytes: loaded.bytes, source });
    } catch {
      // Quota or a closed database: the text is loaded; only the next visit will download again.
    }
  }
  return loaded;
}

/** Web text from bytes already in memory (a local file in Node, a File's bytes in the browser). */
export async function loadBaselineFromBytes(bytes: Uint8Array, format: BaselineFormat, range: RowRange = {}, name = 'local file'): Promise<LoadedBaseline> {
  if (format === 'parquet') {
    // hyparquet takes an ArrayBuffer; copy out exactly this view's bytes.
    const buf = bytes.slice().buffer;
    const docs = await readParquetText(buf, { column: range.column ?? 'text', rowStart: range.rowStart ?? 0, rowEnd: range.rowEnd ?? Number.MAX_SAFE_INTEGER });
    return finish(docs, `${name} (parquet, column "${range.column ?? 'text'}")`, false);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BaselineError(`${name} is not valid UTF-8 text.`, 'format');
  }
  let docs = format === 'jsonl' ? documentsFromJsonl(text, range.column ?? 'text') : documentsFromText(text);
  if (range.rowStart !== undefined || range.rowEnd !== undefined) docs = docs.slice(range.rowStart ?? 0, range.rowEnd);
  return finish(docs, `${name} (${format})`, false);
}

/** Web text from a URL (e.g. a file served by the page's own origin): parquet by range, other formats whole. */
export async function loadBaselineFromUrl(url: string, format: BaselineFormat, range: RowRange = {}, opts: LoadOptions = {}): Promise<LoadedBaseline> {
  if (format === 'parquet') {
    const r = { column: range.column ?? 'text', rowStart: range.rowStart ?? 0, rowEnd: range.rowEnd ?? Number.MAX_SAFE_INTEGER };
    return finish(await parquetFromUrl(url, r, opts), `${url} column "${r.column}"`, false);
  }
  const fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  checkAborted(opts.signal);
  let buf: ArrayBuffer;
  try {
    const res = await fetch(url, { signal: opts.signal });
    if (!res.ok) throw new BaselineError(`${url} answered HTTP ${res.status}.`, 'network');
    buf = await res.arrayBuffer();
  } catch (e) {
    checkAborted(opts.signal);
    if (e instanceof BaselineError) throw e;
    throw new BaselineError(`Could not download ${url} (${messageOf(e)}).`, 'network');
  }
  opts.onProgress?.({ phase: 'done', bytesFetched: buf.byteLength, bytesPlanned: buf.byteLength, rowsDone: 0, rowsTotal: 0 });
  return loadBaselineFromBytes(new Uint8Array(buf), format, range, url);
}
