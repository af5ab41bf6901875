// Public surface of the model package.
export * from './config.ts';
export * from './flops.ts';
export * from './model.ts';
export * from './ops.ts';
export * from './params.ts';
export * from './prng.ts';
export * from './rope.ts';
