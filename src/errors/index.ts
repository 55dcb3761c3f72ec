export * from './codes.ts';
export * from './framewright-error.ts';
export { formatZodIssues, zodToIssues } from './zod-issues.ts';
