import type { FastifyReply, FastifyRequest } from 'fastify';
import { secretsEqual } from '@calsync/core';
import { bearerToken } from './authenticate.ts';

/**
 * Operator endpoints (metrics, queue dashboard) take the platform admin key, as a bearer token
 * (Prometheus `authorization`) or as the Basic password (a browser prompt; any user name).
 */
export function presentsAdminKey(request: FastifyRequest, adminApiKey: string): boolean {
  const header = request.headers.authorization;
  const bearer = bearerToken(header);
  if (bearer) return secretsEqual(bearer, adminApiKey);
  const basic = typeof header === 'string' ? /^Basic\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (!basic) return false;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return secretsEqual(decoded.slice(decoded.indexOf(':') + 1), adminApiKey);
}

export function requireAdminKey(adminApiKey: string, realm: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (presentsAdminKey(request, adminApiKey)) return;
    await reply
      .code(401)
      .header('www-authenticate', `Basic realm="${realm}", charset="UTF-8"`)
      .send({ error: 'the platform admin key is required', code: 'UNAUTHENTICATED' });
  };
}
