// What every generator family implements, plus the held-out split rule shared by families whose
// documents have no per-world identity (stories, arithmetic).
import type { Bits } from '../units.ts';
import type { Doc, FamilyName, MinimalPair, Probe } from './types.ts';
import { fnv1a, mix32 } from './rng.ts';

export type Split = 'train' | 'heldout';

/** A source of real web documents, used only for dilution. Never synthesized by the corpus. */
export type WebSource = (() => string) | readonly string[];

export interface FamilyContext {
  webText?: WebSource;
}

export interface ProbeSet {
  probes: Probe[];
  minimalPairs: MinimalPair[];
}

export interface FamilyModule<K> {
  readonly name: FamilyName;
  /** An endless, deterministic document stream for (knobs, seed, split). */
  stream(knobs: K, seed: string, split: Split, ctx: FamilyContext): () => Doc;
  /** Deterministic probes about the *training* stream, at most `cap` of each list. */
  probes(knobs: K, seed: string, cap: number): ProbeSet;
  /** Why `bits` may exceed the true information of the text, for the stats report ('' if exact). */
  upperBoundReason(knobs: K): string;
}

/**
 * Held-out hash class: a text belongs to the held-out side iff mix32(fnv1a(key)) % HELDOUT_MODULUS === 0.
 * The training stream rejects held-out-class texts and the held-out stream keeps only them, so the two are
 * disjoint by construction, reproducible, and each is an unbiased sample of its class. The price: training
 * docs are conditioned on a class of probability ~(1 - 1/32), so their recorded bits overstate the true
 * information by about log2(32/31) ≈ 0.046 bits per document (flagged as an upper bound).
 */
export const HELDOUT_MODULUS = 32;
export const HELDOUT_SLACK_BITS = Math.log2(HELDOUT_MODULUS / (HELDOUT_MODULUS - 1));

export function isHeldOutKey(key: string): boolean {
  return mix32(fnv1a(key, 0x2545f491)) % HELDOUT_MODULUS === 0;
}

export function belongsTo(split: Split, key: string): boolean {
  return isHeldOutKey(key) === (split === 'heldout');
}

export function makeDoc(family: FamilyName, text: string, bits: number, bitsIsUpperBound: boolean): Doc {
  return { family, text, bits: bits as Bits, bitsIsUpperBound };
}
