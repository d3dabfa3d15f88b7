/** Pure claim rules: facts, their checks, materials, estimates, prompts and the review clock. */
export * from './facts';
export * from './validate';
export * from './materials';
export * from './estimate';
export * from './prompts';
export * from './process';
export * from './templates';
