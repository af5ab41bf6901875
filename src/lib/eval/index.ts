// Public surface of the evaluation package.
export * from './bpb.ts';
export * from './generate.ts';
export * from './pairs.ts';
export * from './pick.ts';
export * from './probes.ts';
export * from './rank.ts';
export * from './sample.ts';
export * from './score.ts';
