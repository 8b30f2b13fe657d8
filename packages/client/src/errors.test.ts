import { describe, expect, it } from 'vitest';
import { APP_ERROR_CODES } from '@calsync/core';
import { CalsyncError, isCalsyncError, SERVER_ERROR_CODES } from './errors.ts';
import { subscriptionError } from './subscriptions.ts';

describe('CalsyncError.fromGraphQLErrors', () => {
  it('takes the first error’s contract code and its retry hint', () => {
    const error = CalsyncError.fromGraphQLErrors(
      [{ message: 'slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 12 } }],
      429,
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, message: 'slow down' });
    expect(error.retryAfterSeconds).toBe(12);
    expect(isCalsyncError(error, 'RATE_LIMITED')).toBe(true);
    expect(isCalsyncError(error, 'NOT_FOUND')).toBe(false);
  });

  it('never invents a contract code for an unknown or missing one', () => {
    expect(CalsyncError.fromGraphQLErrors([{ message: 'odd', extensions: { code: 'TEAPOT' } }]).code).toBe(
      'UNEXPECTED_RESPONSE',
    );
    expect(CalsyncError.fromGraphQLErrors([{ message: 'bare' }]).code).toBe('UNEXPECTED_RESPONSE');
  });
});

describe('subscriptionError', () => {
  it('maps close events and transport failures', () => {
    expect(subscriptionError({ code: 4403, reason: 'Forbidden' }).code).toBe('UNAUTHENTICATED');
    expect(subscriptionError({ code: 1006, reason: '' }).code).toBe('NETWORK');
    expect(subscriptionError([{ message: 'no', extensions: { code: 'FORBIDDEN' } }]).code).toBe('FORBIDDEN');
    expect(subscriptionError(new Error('socket hang up')).code).toBe('NETWORK');
  });
});

describe('SERVER_ERROR_CODES', () => {
  it('is exactly the set of codes the API can send', () => {
    expect([...SERVER_ERROR_CODES].sort()).toEqual([...APP_ERROR_CODES].sort());
  });

  it('keeps an infrastructure outage distinct from an unexpected answer', () => {
    const error = CalsyncError.fromGraphQLErrors(
      [{ message: 'down', extensions: { code: 'UNAVAILABLE' } }],
      503,
    );
    expect(error.code).toBe('UNAVAILABLE');
  });
});
