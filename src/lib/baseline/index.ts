// Public API of the web-text baseline. Pure TypeScript except indexeddb-cache.ts (browser only) and
// node-file.ts (Node only): import those two directly.
export { loadBaseline, loadBaselineFromBytes, loadBaselineFromUrl, type LoadedBaseline, type LoadOptions, type LoadProgress, type RowRange } from './load.ts';
export { importTextFile, DEFAULT_MAX_IMPORT_BYTES, type ImportLimits, type ImportResult } from './import-text.ts';
export { importFile, type FileLike, type ImportedFile } from './import-file.ts';
export { documentsFromText, cleanDocuments, capDocument, normalizeNewlines, MAX_DOC_CHARS } from './documents.ts';
export { documentsFromJsonl, formatFromName, type BaselineFormat } from './formats.ts';
export { splitDocuments, type DocumentSplit } from './split.ts';
export { fingerprintDocuments, documentBytes } from './fingerprint.ts';
export { loadVerifiedBytes, type VerifiedLoadOptions } from './verified.ts';
export { verifyAgainstManifest, manifestProblems, type Manifest, type ManifestEntry, type VerifyResult, type DatasetFormat } from './manifest.ts';
export { MemoryBaselineCache, hubCacheKey, type BaselineCache, type CachedBaseline, type HubRef } from './cache.ts';
export { DEFAULT_HUB_BASELINE, hubFileUrl, describeHubRef } from './hub.ts';
export { readParquetText, plannedColumnBytes, type ParquetTextRequest } from './parquet.ts';
export { rangeBuffer, type FetchLike, type RangeBufferOptions } from './range-buffer.ts';
export { BaselineError, type BaselineErrorKind } from './errors.ts';
