// Public surface of the training package.
export * from './adamw.ts';
export * from './checkpoint.ts';
export * from './clip.ts';
export * from './config.ts';
export * from './data.ts';
export * from './muon.ts';
export * from './optimizer.ts';
export * from './run.ts';
export * from './schedule.ts';
export * from './step.ts';
