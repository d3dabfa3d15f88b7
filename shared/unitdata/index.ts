export * from './templates';
export * from './rows';
export * from './progress';
export * from './ledger';
export * from './whatif';
