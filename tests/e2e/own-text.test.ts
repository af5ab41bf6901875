// Your own text as an extra corpus, in the real page, up to the end of preparation (no training: the
// test stops once the worker has prepared the corpora). A link naming the file asks for it; a different
// file is refused with both fingerprints; the right one, chosen from the keyboard, shows in the corpus
// view like the other corpora; a run's own-text share goes into the config and the link; and the worker
// prepares an "extra" held-out set from it, with the probes the context cannot hold named on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowserSession, type BrowserSession } from '../../scripts/browser-session.ts';
import { importFile } from '../../src/lib/baseline/import-file.ts';
import { decodeExperimentLink, encodeExperimentLink, payloadFromHash } from '../../src/lib/link/experiment-link.ts';
import { tinyExperiment } from '../helpers/experiments.ts';
import { labState, openLab, waitForLab } from './lab-page.ts';

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession();
});
afterAll(async () => {
  await session?.close();
});

const notes = (topic: string) =>
  Array.from({ length: 60 }, (_, i) => `Entry ${i} about ${topic}: the ferry leaves pier ${i % 6} at ${(i * 7) % 24} o'clock, and the harbour master logs its cargo of ${['salt', 'timber', 'wool', 'copper'][i % 4]}.`).join('\n\n');

/** Imports text exactly as the page does, for the fingerprint a link records. */
async function fingerprintOf(name: string, text: string): Promise<{ fingerprint: string; bytes: number }> {
  const r = await importFile(Object.assign(new Blob([new TextEncoder().encode(text)]), { name }));
  if (!r.ok) throw new Error(r.error);
  return { fingerprint: r.fingerprint, bytes: r.bytes };
}

const messages = async (page: Page, kind: string) => (await labState(page)).messages.filter((m) => m.kind === kind).map((m) => m.text);

describe('your own text as an extra corpus', () => {
  it('asks for the file a link names, refuses another, and prepares an "extra" held-out set from the right one', async () => {
    const mine = notes('the harbour');
    const other = notes('the mill');
    const ref = { name: 'harbour log.txt', ...(await fingerprintOf('harbour log.txt', mine)) };
    const wrong = await fingerprintOf('mill log.txt', other);
    const config = { ...tinyExperiment(20), extra: ref };
    const lab = await openLab(session, { hash: await encodeExperimentLink({ config }) });
    const { page } = lab;

    // The link cannot carry the file: the lab says which one to give it, and will not run without it.
    const ask = `This experiment's extra corpus is your file "harbour log.txt" (fingerprint ${ref.fingerprint}), which a link cannot carry. Drop or pick that same file, then choose "Use as an extra corpus".`;
    await expect.poll(async () => (await labState(page)).messages.at(-1)?.text, { timeout: 30_000 }).toBe(`Opened a shared experiment. Press Run to train it. ${ask}`);
    await page.getByRole('tab', { name: 'Corpus' }).click();
    expect(await page.getByTestId('extra-missing').textContent()).toContain(ref.fingerprint);
    await page.getByTestId('start').click();
    await expect.poll(() => messages(page, 'error')).toEqual([ask]);
    expect((await labState(page)).phase).toBe('idle');

    // Another file is refused, naming both fingerprints; the choice is made from the keyboard.
    const input = page.getByTestId('file-input');
    await input.setInputFiles({ name: 'mill log.txt', mimeType: 'text/plain', buffer: Buffer.from(other) });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('use-as-baseline');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('use-as-extra');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await messages(page, 'error')).at(-1)).toBe(
      `"mill log.txt" has fingerprint ${wrong.fingerprint}, but this experiment's extra corpus ("harbour log.txt") has fingerprint ${ref.fingerprint}. Pick the same file, or remove the extra corpus (Corpus tab) to use a different one.`,
    );
    expect((await labState(page)).config.extra).toEqual(ref);
    await page.getByTestId('discard-file').click();

    // The right file: recognised, taken, and shown like the other corpora.
    await input.setInputFiles({ name: 'harbour log.txt', mimeType: 'text/plain', buffer: Buffer.from(mine) });
    await expect.poll(() => page.getByTestId('file-choice').textContent()).toContain("This is the file this experiment's extra corpus names.");
    await page.getByTestId('use-as-extra').click();
    await expect.poll(async () => (await labState(page)).messages.at(-1)?.text).toMatch(/^Using "harbour log\.txt" \(60 documents\) as an extra corpus/);
    expect(await page.getByTestId('extra-fingerprint').textContent()).toBe(ref.fingerprint);
    await expect.poll(() => page.getByTestId('extra-corpus').getByTestId('size').textContent(), { timeout: 30_000 }).toMatch(/60 documents, \d+ distinct words/);
    expect(await page.getByTestId('extra-corpus').locator('xpath=following-sibling::div[1]').locator('article').count()).toBe(3);

    // A second run reads half synthetic, half own text (the baseline is "none", so nothing else may fill it).
    await page.getByTestId('add-mixture').click();
    await expect.poll(() => page.getByTestId('config-errors').textContent()).toMatch(/run "50\/50 mixture" needs web text/);
    await page.getByTestId('extra-share-1').fill('0.5');
    await expect.poll(async () => (await labState(page)).config.runs).toEqual([{ name: 'stories', share: 1 }, { name: '50/50 mixture', share: 0.5, extraShare: 0.5 }]);
    expect(await page.getByTestId('config-errors').count()).toBe(0);

    // The link records the file by name and fingerprint, and the run's share of it.
    await page.getByTestId('copy-link').click();
    await expect.poll(async () => (await labState(page)).messages.at(-1)?.text).toMatch(/names your local file and its fingerprint/);
    const link = await decodeExperimentLink(payloadFromHash(await page.evaluate(() => location.hash))!);
    expect(link.ok && link.value.config.extra).toEqual(ref);
    expect(link.ok && link.value.config.runs[1]).toEqual({ name: '50/50 mixture', share: 0.5, extraShare: 0.5 });

    // The worker gets the text and prepares an "extra" held-out set from it; the test stops there.
    await page.getByTestId('start').click();
    const prepared = await waitForLab(page, (s) => s.heldout.length > 0, 120_000);
    expect(prepared.heldout.map((h) => h.name)).toEqual(['extra', 'stories']);
    expect(prepared.heldout[0].floorBpb).toBeNull();
    expect(prepared.corpus?.extra?.fingerprint).toBe(ref.fingerprint);
    expect(prepared.runs.map((r) => r.name)).toEqual(['stories', '50/50 mixture']);
    await expect.poll(() => page.getByTestId('extra-prepared').textContent()).toMatch(/^\d+ documents \(0\.0\d MB\) to train on; the rest held out$/);
    // At a 32-token context none of the stories probes fits; the page says so beside the probe chart.
    await expect.poll(() => page.getByTestId('probe-fit').textContent()).toBe('stories: all 4 probes are longer than the context of 32 tokens and none is scored.');
    expect(lab.errors).toEqual([]);
    await lab.close();
  }, 300_000);
});
