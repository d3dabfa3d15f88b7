/** Pure review rules: policy data, reason codes, automatic checks, clocks, meetings, 公示, reports, imports. */
export * from './policy';
export * from './reasons';
export * from './checks';
export * from './clock';
export * from './meeting';
export * from './notice';
export * from './report';
export * from './settlement';
