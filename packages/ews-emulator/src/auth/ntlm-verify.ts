import { createHmac, timingSafeEqual } from 'node:crypto';
import md4 from 'js-md4';

/** MD4 of the UTF-16LE password: Node 20's OpenSSL 3 has no md4, hence js-md4. */
export function ntHash(password: string): Buffer {
  return Buffer.from(md4.arrayBuffer(Buffer.from(password, 'utf16le')));
}

function hmacMd5(key: Buffer, data: Buffer): Buffer {
  return createHmac('md5', key).update(data).digest();
}

/**
 * Checks an NTLMv2 response ([MS-NLMP] 3.3.2): NTProofStr = HMAC-MD5(NTOWFv2, serverChallenge ‖ blob), with
 * NTOWFv2 = HMAC-MD5(MD4(password), UPPER(user) ‖ domain) over the names exactly as the client sent them.
 * NTLMv1 (24-byte responses) is refused: Exchange with Extended Protection accepts NTLMv2 only.
 */
export function verifyNtlmV2(input: {
  password: string;
  user: string;
  domain: string;
  serverChallenge: Buffer;
  ntChallengeResponse: Buffer;
}): boolean {
  const response = input.ntChallengeResponse;
  if (response.length <= 24) return false;
  const proof = response.subarray(0, 16);
  const blob = response.subarray(16);
  const key = hmacMd5(
    ntHash(input.password),
    Buffer.from(input.user.toUpperCase() + input.domain, 'utf16le'),
  );
  const expected = hmacMd5(key, Buffer.concat([input.serverChallenge, blob]));
  return timingSafeEqual(proof, expected);
}
