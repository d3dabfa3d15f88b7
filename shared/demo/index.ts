export * from './wujin-targets';
export * from './programs';
