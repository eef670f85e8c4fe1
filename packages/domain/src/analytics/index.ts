export * from './analytics-ports.ts';
export * from './analytics.ts';
