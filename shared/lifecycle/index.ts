export * from './machine';
export * from './enrollment';
export * from './claim';
export * from './group-application';
export * from './payout-batch';
