// The 'arithmetic' family (iGSM-lite): multi-step word problems where each quantity is defined from
// earlier ones, with an optional worked solution. Probes are fresh problems from the held-out hash class
// (same distribution, never in training) plus an out-of-distribution split with more steps or bigger operands.
// With `ladder`, problems come from four rungs (one-digit, two-digit, two-digit with a carry, multi-step)
// and the probes are spread evenly over them, each tagged with its rung.
import type { Probe } from '../types.ts';
import { MATH_ITEMS, MATH_NAMES } from '../lexicon.ts';
import { Chance, between, int, pick, sampleDistinct } from '../chance.ts';
import { Rng } from '../rng.ts';
import { HELDOUT_SLACK_BITS, belongsTo, makeDoc, type FamilyModule, type ProbeSet } from '../family.ts';

export interface ArithmeticKnobs {
  /** Largest operand in a statement (operand size), 9..1000000. */
  maxOperand: number;
  /** Derived quantities per problem (steps), range 1..10. */
  minSteps: number;
  maxSteps: number;
  /** Include the step-by-step worked solution. */
  trace: boolean;
  /** Kinds of countable items (vocabulary), 2..20. */
  items: number;
  /** Templates per statement kind (paraphrase count), 1..3. */
  paraphrases: number;
  /**
   * Difficulty ladder: each problem comes from one of RUNGS, uniformly (one-step additions of growing
   * difficulty, then the multi-step problems above), so a tiny model has rungs it can climb.
   */
  ladder: boolean;
}

/** Values never exceed this, so every number stays an exact safe integer. */
const VALUE_CAP = 1e9;
const MIN_VALUE = 2;

type Op = 'more' | 'fewer' | 'times' | 'sum';
const STATEMENTS: Record<Op, readonly string[]> = {
  more: ['{B} has {k} more {I} than {A}.', '{B} owns {k} more {I} than {A} does.', 'Compared with {A}, {B} has {k} extra {I}.'],
  fewer: ['{B} has {k} fewer {I} than {A}.', '{B} owns {k} fewer {I} than {A} does.', 'Compared with {A}, {B} has {k} {I} less.'],
  times: ['{B} has {k} times as many {I} as {A}.', '{B} owns {k} times the number of {I} that {A} has.', 'The number of {I} {B} has is {k} times that of {A}.'],
  sum: ['{B} has as many {I} as {A} and {C} together.', '{B} owns as many {I} as {A} and {C} combined.', 'Put together, {A} and {C} have as many {I} as {B}.'],
};

export interface Problem {
  /** "Problem: ... How many X does Y have?" — the part that identifies the problem. */
  statement: string;
  /** " Ana has 12 pears. ... Answer: 51." style worked solution (without the leading "Solution:"). */
  solution: string;
  answer: number;
  steps: number;
}

const fill = (t: string, v: Record<string, string>): string => t.replace(/\{(\w)\}/g, (_, k: string) => v[k]);

/** The ladder's rungs, easiest first. */
export const RUNGS = ['1-digit', '2-digit', '2-digit-carry', 'multi-step'] as const;
export type Rung = (typeof RUNGS)[number];

/** Every (a, b) of a one-step rung, so a pair is one uniform choice with exact bits. */
function pairs(ok: (a: number, b: number) => boolean, aLo: number): ReadonlyArray<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let a = aLo; a <= 99; a++) for (let b = 1; b <= 99; b++) if (ok(a, b)) out.push([a, b]);
  return out;
}
const carries = (a: number, b: number): boolean => (a % 10) + (b % 10) >= 10;
// One-digit sums stay one digit (no carry at all); both two-digit rungs keep the answer two-digit, so they
// differ only in the ones-column carry. Fixed sizes: the rungs ignore maxOperand, the multi-step rung keeps it.
const PAIRS: Readonly<Record<Exclude<Rung, 'multi-step'>, ReadonlyArray<readonly [number, number]>>> = {
  '1-digit': pairs((a, b) => a <= 9 && b <= 9 && a + b <= 9, 1),
  '2-digit': pairs((a, b) => a + b <= 99 && !carries(a, b), 10),
  '2-digit-carry': pairs((a, b) => a + b <= 99 && carries(a, b), 10),
};

/** A one-step "B has b more than A" problem of a given rung, in the family's usual wording. */
function makeOneStep(ch: Chance, k: ArithmeticKnobs, rung: Exclude<Rung, 'multi-step'>): Problem {
  const item = pick(ch, MATH_ITEMS.slice(0, k.items));
  const [a, b] = sampleDistinct(ch, MATH_NAMES.length, 2).map((i) => MATH_NAMES[i]);
  const [x, n] = pick(ch, PAIRS[rung]);
  const t = pick(ch, STATEMENTS.more.slice(0, k.paraphrases));
  const v = x + n;
  return {
    statement: `Problem: ${a} has ${x} ${item}. ${fill(t, { A: a, B: b, I: item, k: String(n) })} How many ${item} does ${b} have?`,
    solution: ` ${a} has ${x} ${item}. ${b} has ${x} + ${n} = ${v} ${item}. Answer: ${v}.`,
    answer: v,
    steps: 1,
  };
}

/**
 * The multi-step rung's step range: at least two steps when the recipe allows it, so no multi-step text
 * can also be a one-step rung's (the rung stays readable from the text and the bits stay exact).
 */
function multiSteps(k: ArithmeticKnobs): [number, number] {
  return k.maxSteps >= 2 ? [Math.max(k.minSteps, 2), k.maxSteps] : [k.minSteps, k.maxSteps];
}

/** One problem as the recipe asks: a ladder rung (given, or drawn uniformly) or today's multi-step problem. */
function drawProblem(ch: Chance, k: ArithmeticKnobs, rung?: Rung): { p: Problem; rung?: Rung } {
  if (!k.ladder) return { p: makeProblem(ch, k, between(ch, k.minSteps, k.maxSteps)) };
  const r = rung ?? pick(ch, RUNGS);
  if (r !== 'multi-step') return { p: makeOneStep(ch, k, r), rung: r };
  const [lo, hi] = multiSteps(k);
  return { p: makeProblem(ch, k, between(ch, lo, hi)), rung: r };
}

/** One problem. `baseLo` lets the OOD split force operands beyond the training range. */
export function makeProblem(ch: Chance, k: ArithmeticKnobs, steps: number, baseLo = MIN_VALUE, maxOperand = k.maxOperand): Problem {
  const item = pick(ch, MATH_ITEMS.slice(0, k.items));
  const names = sampleDistinct(ch, MATH_NAMES.length, steps + 1).map((i) => MATH_NAMES[i]);
  const values = [between(ch, baseLo, maxOperand)];
  let statement = `Problem: ${names[0]} has ${values[0]} ${item}.`;
  let solution = ` ${names[0]} has ${values[0]} ${item}.`;
  for (let s = 1; s <= steps; s++) {
    const a = int(ch, s);
    const av = values[a];
    // Only operations whose result stays within [MIN_VALUE, VALUE_CAP] are offered (always at least one).
    const addends: number[] = [];
    for (let c = 0; c < s; c++) if (c !== a && av + values[c] <= VALUE_CAP) addends.push(c);
    const ops: Op[] = [];
    if (av + MIN_VALUE <= VALUE_CAP) ops.push('more');
    if (av >= MIN_VALUE * 2) ops.push('fewer');
    if (av * 2 <= VALUE_CAP) ops.push('times');
    if (addends.length > 0) ops.push('sum');
    const op = pick(ch, ops);
    const t = pick(ch, STATEMENTS[op].slice(0, k.paraphrases));
    let v: number;
    let work: string;
    const vars: Record<string, string> = { A: names[a], B: names[s], I: item };
    if (op === 'more') {
      const n = between(ch, MIN_VALUE, Math.min(maxOperand, VALUE_CAP - av));
      v = av + n;
      vars.k = String(n);
      work = `${av} + ${n} = ${v}`;
    } else if (op === 'fewer') {
      const n = between(ch, MIN_VALUE, Math.min(maxOperand, av - MIN_VALUE));
      v = av - n;
      vars.k = String(n);
      work = `${av} - ${n} = ${v}`;
    } else if (op === 'times') {
      const n = between(ch, 2, Math.min(9, Math.floor(VALUE_CAP / av)));
      v = av * n;
      vars.k = String(n);
      work = `${n} * ${av} = ${v}`;
    } else {
      // The second addend is any other earlier quantity that keeps the sum in range.
      const c = pick(ch, addends);
      v = av + values[c];
      vars.C = names[c];
      work = `${av} + ${values[c]} = ${v}`;
    }
    values.push(v);
    statement += ' ' + fill(t, vars);
    solution += ` ${names[s]} has ${work} ${item}.`;
  }
  const answer = values[steps];
  statement += ` How many ${item} does ${names[steps]} have?`;
  solution += ` Answer: ${answer}.`;
  return { statement, solution, answer, steps };
}

export function problemText(p: Problem, trace: boolean): string {
  return trace ? `${p.statement} Solution:${p.solution}` : `${p.statement} Answer: ${p.answer}.`;
}

function toProbe(p: Problem, k: ArithmeticKnobs, id: string, meta: Record<string, string | number>): Probe {
  return {
    id,
    family: 'arithmetic',
    kind: 'final-answer',
    // With traces the model is expected to write the whole worked solution; meta.finalAnswer holds the number.
    prompt: k.trace ? `${p.statement} Solution:` : `${p.statement} Answer:`,
    answer: k.trace ? p.solution : ` ${p.answer}.`,
    meta: { ...meta, steps: p.steps, finalAnswer: String(p.answer) },
  };
}

/**
 * Ladder probes: all in-distribution, round-robin over the rungs so each gets as many (the OOD split
 * is dropped: its steps/operand shifts belong to the multi-step rung, which is already the hardest one).
 * A separate stream label keeps ladder-off probes byte-identical.
 */
function ladderProbes(k: ArithmeticKnobs, seed: string, cap: number): ProbeSet {
  const ch = new Chance(new Rng(seed, 'arithmetic', 'probes', 'ladder'));
  const probes: Probe[] = [];
  const seen = new Set<string>();
  for (let tries = 0; probes.length < cap && tries < cap * 400; tries++) {
    const rung = RUNGS[probes.length % RUNGS.length];
    const { p } = drawProblem(ch, k, rung);
    if (!belongsTo('heldout', p.statement) || seen.has(p.statement)) continue;
    seen.add(p.statement);
    probes.push(toProbe(p, k, `arith-${rung}-${probes.length}`, { split: 'iid', rung }));
  }
  return { probes, minimalPairs: [] };
}

function probesFor(k: ArithmeticKnobs, seed: string, cap: number): ProbeSet {
  if (k.ladder) return ladderProbes(k, seed, cap);
  const ch = new Chance(new Rng(seed, 'arithmetic', 'probes'));
  const probes: Probe[] = [];
  const iid = Math.ceil(cap / 2);
  const seen = new Set<string>();
  for (let tries = 0; probes.length < iid && tries < iid * 400; tries++) {
    const p = makeProblem(ch, k, between(ch, k.minSteps, k.maxSteps));
    if (!belongsTo('heldout', p.statement) || seen.has(p.statement)) continue;
    seen.add(p.statement);
    probes.push(toProbe(p, k, `arith-iid-${probes.length}`, { split: 'iid' }));
  }
  // OOD: one or two steps beyond the training maximum, or a base operand beyond maxOperand.
  for (let i = 0; probes.length < cap; i++) {
    const bigOperands = i % 2 === 1;
    const steps = bigOperands ? between(ch, k.minSteps, k.maxSteps) : k.maxSteps + between(ch, 1, 2);
    const p = bigOperands ? makeProblem(ch, k, steps, k.maxOperand + 1, k.maxOperand * 10) : makeProblem(ch, k, steps);
    probes.push(toProbe(p, k, `arith-ood-${i}`, { split: 'ood', ood: bigOperands ? 'operands' : 'steps' }));
  }
  return { probes, minimalPairs: [] };
}

export const arithmetic: FamilyModule<ArithmeticKnobs> = {
  name: 'arithmetic',
  stream(k, seed, split) {
    const rng = new Rng(seed, 'arithmetic', split);
    return () => {
      for (;;) {
        const ch = new Chance(rng);
        const { p } = drawProblem(ch, k);
        if (belongsTo(split, p.statement)) return makeDoc('arithmetic', problemText(p, k.trace), ch.bits, true);
      }
    };
  },
  probes: probesFor,
  upperBoundReason: () =>
    `held-out hash class excluded from training (overstates by ≤${HELDOUT_SLACK_BITS.toFixed(3)} bits/doc)`,
};
