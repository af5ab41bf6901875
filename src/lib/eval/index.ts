// Public surface of the evaluation package.
export * from './bpb.ts';
export * from './breakdown.ts';
export * from './final-answer.ts';
export * from './fit.ts';
export * from './generate.ts';
export * from './meter.ts';
export * from './pairs.ts';
export * from './pick.ts';
export * from './probes.ts';
export * from './rank.ts';
export * from './sample.ts';
export * from './score.ts';
export * from './story-parse.ts';
