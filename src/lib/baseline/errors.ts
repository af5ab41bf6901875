// One error type for everything that can go wrong loading web text, with a kind the UI can branch on
// (offer "retry" for network, "pick another column" for column, nothing for aborted).
// 'checksum': a file's bytes differ from the size or SHA-256 pinned in datasets/manifest.json;
// 'file': a local file could not be read at all.
export type BaselineErrorKind = 'network' | 'format' | 'column' | 'rows' | 'aborted' | 'checksum' | 'file';

export class BaselineError extends Error {
  constructor(
    message: string,
    readonly kind: BaselineErrorKind,
  ) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** Throws BaselineError('aborted') when the signal has fired; called between awaits so cancel is prompt. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new BaselineError('Loading the web text was cancelled.', 'aborted');
}

/** The message of anything thrown, for wrapping library errors into ours. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
