import { describe, expect, it } from 'vitest';
import { readCheckpointFiles, MAX_CHECKPOINT_BYTES } from '../../src/state/checkpoint-file.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

const file = (name: string, bytes: Uint8Array | number) => {
  const b = typeof bytes === 'number' ? new Blob([]) : new Blob([bytes as BlobPart]);
  // A stand-in for a huge file: its size is known without its bytes (as a browser File's is).
  if (typeof bytes === 'number') Object.defineProperty(b, 'size', { value: bytes });
  return Object.assign(b, { name });
};

describe('readCheckpointFiles', () => {
  it('refuses an empty file and one too large to be a checkpoint, without reading it', async () => {
    expect(await readCheckpointFiles([file('a.slck', new Uint8Array())], tinyExperiment())).toEqual({ ok: false, error: '"a.slck" is empty.' });
    const huge = file('movie.slck', MAX_CHECKPOINT_BYTES + 1);
    huge.arrayBuffer = () => Promise.reject(new Error('must not be read'));
    const r = await readCheckpointFiles([huge], tinyExperiment());
    expect(r).toEqual({ ok: false, error: '"movie.slck" is 1024 MB, larger than any checkpoint the lab writes; it is not a checkpoint.' });
  });

  it('passes on the engine\'s reason for a file that is not a checkpoint', async () => {
    const r = await readCheckpointFiles([file('notes.slck', new TextEncoder().encode('hello, not a checkpoint'))], tinyExperiment());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^notes\.slck: not a usable synthlab checkpoint: .*bad magic/);
  });
});
