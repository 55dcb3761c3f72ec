import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FramewrightError } from '../../src/errors/index.ts';
import { problemType, toProblemError } from './problem.ts';
import { expressPath } from './route.ts';
import { parseRequestPart } from './validate.ts';

describe('problem mapping', () => {
  const parserError = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message)), props);

  it.each([
    [parserError({ type: 'entity.too.large', status: 413, limit: 1024, message: 'too large' }), 'PAYLOAD_TOO_LARGE'],
    [parserError({ type: 'entity.parse.failed', status: 400, message: 'Unexpected end' }), 'INVALID_REQUEST'],
    [parserError({ type: 'encoding.unsupported', status: 415, message: 'gzip?' }), 'UNSUPPORTED_MEDIA_TYPE'],
    [Object.assign(new Error('gave up'), { name: 'MaxRetriesPerRequestError' }), 'SERVICE_UNAVAILABLE'],
    [new Error('something broke'), 'INTERNAL'],
    [new FramewrightError('NOT_FOUND', 'x'), 'NOT_FOUND'],
  ])('%s → %s', (error, code) => {
    expect(toProblemError(error).code).toBe(code);
  });

  it('hides the text of unexpected errors from clients', () => {
    expect(toProblemError(new Error('password=hunter2 at db.internal')).message).toBe('Internal error');
  });

  it('gives each code a stable type URI', () => {
    expect(problemType('INVALID_PROPS')).toBe('urn:framewright:problem:invalid-props');
  });
});

describe('request parsing', () => {
  const schema = z.strictObject({ crf: z.number().max(51), name: z.string() });

  it('names the field, the rule and the value received', () => {
    try {
      parseRequestPart(schema, { crf: 99, name: 'x' }, 'body');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_BODY', issues: [{ path: ['crf'], message: expect.stringMatching(/<=51, got 99$/) }] });
    }
  });

  it('roots query and path issues at their part', () => {
    expect(() => parseRequestPart(z.strictObject({ limit: z.coerce.number().max(5) }), { limit: '9' }, 'query')).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', issues: [expect.objectContaining({ path: ['query', 'limit'] })] }),
    );
  });

  it('translates OpenAPI paths to Express paths', () => {
    expect(expressPath('/v1/renders/{id}/cancel')).toBe('/v1/renders/:id/cancel');
  });
});
