export * from './analytics-ports.ts';
export * from './analytics.ts';
export * from './payment-history.ts';
export * from './prune-click-data.ts';
