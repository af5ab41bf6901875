// Our document separator doubles as BOS/EOS in every exported config.json: training streams put it
// before each document, so generation stops at a document boundary.

export interface SeparatorTokens {
  bos_token_id?: number;
  eos_token_id?: number;
}

/** bos/eos for a separator id (none when it is not given); throws when it lies outside the vocabulary. */
export function separatorTokens(separatorId: number | undefined, vocabSize: number): SeparatorTokens {
  if (separatorId === undefined) return {};
  if (!Number.isInteger(separatorId) || separatorId < 0 || separatorId >= vocabSize) throw new RangeError(`separator id ${separatorId} is outside the vocabulary [0, ${vocabSize})`);
  return { bos_token_id: separatorId, eos_token_id: separatorId };
}
