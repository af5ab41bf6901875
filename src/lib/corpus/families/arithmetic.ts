// The 'arithmetic' family (iGSM-lite): multi-step word problems where each quantity is defined from
// earlier ones, with an optional worked solution. Probes are fresh problems from the held-out hash class
// (same distribution, never in training) plus an out-of-distribution split with more steps or bigger operands.
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

function probesFor(k: ArithmeticKnobs, seed: string, cap: number): ProbeSet {
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
        const p = makeProblem(ch, k, between(ch, k.minSteps, k.maxSteps));
        if (belongsTo(split, p.statement)) return makeDoc('arithmetic', problemText(p, k.trace), ch.bits, true);
      }
    };
  },
  probes: probesFor,
  upperBoundReason: () =>
    `held-out hash class excluded from training (overstates by ≤${HELDOUT_SLACK_BITS.toFixed(3)} bits/doc)`,
};
