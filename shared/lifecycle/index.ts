export * from './machine';
export * from './enrollment';
