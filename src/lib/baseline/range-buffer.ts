// A remote file as hyparquet's AsyncBuffer: every slice is one HTTP Range request, so reading some rows of
// one column downloads only those bytes (plus the footer), not the whole multi-GB file.
import type { AsyncBuffer } from 'hyparquet';
import { BaselineError, checkAborted, messageOf } from './errors.ts';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface RangeBufferOptions {
  fetch: FetchLike;
  signal?: AbortSignal;
  /** Known file size: saves the HEAD request. */
  byteLength?: number;
  /** Called with the number of body bytes each response delivered. */
  onBytes?: (n: number) => void;
}

async function request(fetch: FetchLike, url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response> {
  checkAborted(signal);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal });
  } catch (e) {
    checkAborted(signal);
    throw new BaselineError(`Could not reach ${url} (${messageOf(e)}). Check the connection and try again.`, 'network');
  }
  if (!res.ok) {
    const hint = res.status === 404 ? ' (no such file at this revision?)' : res.status === 401 || res.status === 403 ? ' (the dataset may be gated or private)' : '';
    throw new BaselineError(`${url} answered HTTP ${res.status}${hint}.`, 'network');
  }
  return res;
}

/** File size from a HEAD request, or from the Content-Range of a one-byte GET when HEAD does not say. */
async function remoteLength(fetch: FetchLike, url: string, signal: AbortSignal | undefined): Promise<number> {
  const head = await request(fetch, url, { method: 'HEAD' }, signal);
  const len = Number(head.headers.get('Content-Length'));
  if (Number.isSafeInteger(len) && len > 0) return len;
  const res = await request(fetch, url, { headers: { Range: 'bytes=0-0' } }, signal);
  const total = /\/(\d+)\s*$/.exec(res.headers.get('Content-Range') ?? '');
  if (res.status === 206 && total) return Number(total[1]);
  throw new BaselineError(`${url}: the server reports no file size, so its rows cannot be read by range.`, 'network');
}

export async function rangeBuffer(url: string, opts: RangeBufferOptions): Promise<AsyncBuffer> {
  const { fetch, signal, onBytes } = opts;
  const byteLength = opts.byteLength ?? (await remoteLength(fetch, url, signal));
  // Set when the server ignores Range and sends the whole file: later slices are cut from it.
  let whole: Promise<ArrayBuffer> | undefined;
  return {
    byteLength,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? byteLength, byteLength);
      if (whole) return (await whole).slice(start, stop);
      const res = await request(fetch, url, { headers: { Range: `bytes=${start}-${stop - 1}` } }, signal);
      const body = res.arrayBuffer();
      if (res.status !== 206) whole = body;
      let buf: ArrayBuffer;
      try {
        buf = await body;
      } catch (e) {
        checkAborted(signal);
        throw new BaselineError(`Download of ${url} was interrupted (${messageOf(e)}).`, 'network');
      }
      onBytes?.(buf.byteLength);
      if (res.status !== 206) return buf.slice(start, stop);
      if (buf.byteLength !== stop - start) {
        throw new BaselineError(`${url}: asked for bytes ${start}-${stop - 1} but got ${buf.byteLength} bytes.`, 'network');
      }
      return buf;
    },
  };
}
