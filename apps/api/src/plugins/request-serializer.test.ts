import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { serializeRequest } from './request-serializer.ts';

const request = (url: string) => ({ method: 'GET', url, ip: '192.0.2.1' }) as FastifyRequest;

describe('request log lines', () => {
  it('never hold an ICS feed token, which is the credential in its path', () => {
    const line = serializeRequest(
      request('/ics/csk_abcdefgh_0123456789012345678901234567890123456789012.ics?x=1'),
    );
    expect(line).toEqual({
      method: 'GET',
      url: '/ics/[token].ics',
      query: '[omitted]',
      remoteAddress: '192.0.2.1',
    });
    expect(JSON.stringify(line)).not.toContain('csk_');
  });

  it('keep other paths as they are', () => {
    expect(serializeRequest(request('/graphql')).url).toBe('/graphql');
  });
});
