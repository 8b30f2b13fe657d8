import { describe, expect, it } from 'vitest';
import { authenticateMessage, negotiateMessage, ntlmIdentity, readChallengeMessage } from './ntlm.ts';

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** A Type 2 token as a server sends it. */
function challengeToken(serverChallenge: Buffer, targetInfo: Buffer): string {
  const header = Buffer.alloc(48);
  Buffer.from('NTLMSSP\0', 'latin1').copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(0x00800000 | 0x00080000 | 0x00000200 | 0x00000001, 20);
  serverChallenge.copy(header, 24);
  header.writeUInt16LE(targetInfo.length, 40);
  header.writeUInt16LE(targetInfo.length, 42);
  header.writeUInt32LE(48, 44);
  return Buffer.concat([header, targetInfo]).toString('base64');
}

function securityBuffer(token: Buffer, at: number): Buffer {
  return token.subarray(token.readUInt32LE(at + 4), token.readUInt32LE(at + 4) + token.readUInt16LE(at));
}

describe('NTLMv2 client messages', () => {
  it('answers the [MS-NLMP] 4.2.4 NTLMv2 test vector with its NTProofStr', () => {
    const targetInfo = Buffer.concat([
      avPair(2, Buffer.from('Domain', 'utf16le')),
      avPair(1, Buffer.from('Server', 'utf16le')),
      avPair(0, Buffer.alloc(0)),
    ]);
    const challenge = readChallengeMessage(
      challengeToken(Buffer.from('0123456789abcdef', 'hex'), targetInfo),
    );
    if (!challenge) throw new Error('challenge not read');
    const type3 = Buffer.from(
      authenticateMessage(challenge, ntlmIdentity('Domain\\User', 'Password'), {
        clientChallenge: Buffer.alloc(8, 0xaa),
        time: Buffer.alloc(8),
      }),
      'base64',
    );
    expect(type3.readUInt32LE(8)).toBe(3);
    const ntResponse = securityBuffer(type3, 20);
    expect(ntResponse.subarray(0, 16).toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(securityBuffer(type3, 28).toString('utf16le')).toBe('Domain');
    expect(securityBuffer(type3, 36).toString('utf16le')).toBe('User');
  });

  it('sends a UPN with an empty domain and a DOMAIN\\user split', () => {
    expect(ntlmIdentity('monitor@contoso.com', 'pw')).toEqual({
      user: 'monitor@contoso.com',
      domain: '',
      password: 'pw',
    });
    expect(ntlmIdentity('CONTOSO\\monitor', 'pw')).toMatchObject({ user: 'monitor', domain: 'CONTOSO' });
  });

  it('writes a Type 1 and refuses a token that is not a Type 2', () => {
    const type1 = Buffer.from(negotiateMessage(), 'base64');
    expect(type1.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    expect(type1.readUInt32LE(8)).toBe(1);
    expect(readChallengeMessage(negotiateMessage())).toBeUndefined();
    expect(readChallengeMessage('bm90IG50bG0=')).toBeUndefined();
  });
});
