import { createHmac, randomBytes } from 'node:crypto';
import md4 from 'js-md4';

/**
 * The client side of NTLMv2 ([MS-NLMP] 2.2.1, 3.3.2) for EWS over TLS: a NEGOTIATE (Type 1), reading the
 * server's CHALLENGE (Type 2) and an AUTHENTICATE (Type 3) with an NTLMv2 response. No signing or sealing
 * (TLS protects the channel) and no NTLMv1 (Exchange with Extended Protection refuses it). Node's OpenSSL 3
 * has no MD4, hence js-md4 for the NT hash (docs/exchange-ews.md §1.3, §8).
 */
/** `NTLMSSP\0`. */
const SIGNATURE = Buffer.from([0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00]);

const FLAG_UNICODE = 0x00000001;
const FLAG_OEM = 0x00000002;
const FLAG_REQUEST_TARGET = 0x00000004;
const FLAG_NTLM = 0x00000200;
const FLAG_ALWAYS_SIGN = 0x00008000;
const FLAG_EXTENDED_SESSION_SECURITY = 0x00080000;
const FLAG_TARGET_INFO = 0x00800000;
const FLAG_128 = 0x20000000;
const FLAG_56 = 0x80000000;

const NEGOTIATE_FLAGS =
  FLAG_UNICODE |
  FLAG_OEM |
  FLAG_REQUEST_TARGET |
  FLAG_NTLM |
  FLAG_ALWAYS_SIGN |
  FLAG_EXTENDED_SESSION_SECURITY |
  FLAG_128 |
  FLAG_56;

/** AV pair id of MsvAvTimestamp in the server's target info. */
const AV_TIMESTAMP = 7;
const AV_EOL = 0;
const WORKSTATION = 'CALSYNC';

/** The monitor user split the way NTLM sends it: `DOMAIN\user`, or a UPN with an empty domain. */
export interface NtlmIdentity {
  user: string;
  domain: string;
  password: string;
}

export function ntlmIdentity(username: string, password: string): NtlmIdentity {
  const slash = username.indexOf('\\');
  return slash < 0
    ? { user: username, domain: '', password }
    : { user: username.slice(slash + 1), domain: username.slice(0, slash), password };
}

/** Type 1: asks for NTLM with extended session security; names are sent in the Type 3 only. */
export function negotiateMessage(): string {
  const message = Buffer.alloc(32);
  SIGNATURE.copy(message, 0);
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(NEGOTIATE_FLAGS >>> 0, 12);
  return message.toString('base64');
}

export interface ChallengeMessage {
  serverChallenge: Buffer;
  flags: number;
  targetInfo: Buffer;
}

/** Reads a Type 2 token (base64); undefined when it is not one (the caller treats that as a refusal). */
export function readChallengeMessage(base64: string): ChallengeMessage | undefined {
  const token = Buffer.from(base64, 'base64');
  if (token.length < 32 || !token.subarray(0, 8).equals(SIGNATURE) || token.readUInt32LE(8) !== 2)
    return undefined;
  const flags = token.readUInt32LE(20);
  let targetInfo = Buffer.alloc(0);
  if (flags & FLAG_TARGET_INFO && token.length >= 48) {
    const length = token.readUInt16LE(40);
    const offset = token.readUInt32LE(44);
    if (offset + length > token.length) return undefined;
    targetInfo = Buffer.from(token.subarray(offset, offset + length));
  }
  return { serverChallenge: Buffer.from(token.subarray(24, 32)), flags, targetInfo };
}

function hmacMd5(key: Buffer, data: Buffer): Buffer {
  return createHmac('md5', key).update(data).digest();
}

/** MsvAvTimestamp of the target info (the server's clock), when it sent one. */
function serverTimestamp(targetInfo: Buffer): Buffer | undefined {
  for (let at = 0; at + 4 <= targetInfo.length;) {
    const id = targetInfo.readUInt16LE(at);
    const length = targetInfo.readUInt16LE(at + 2);
    if (id === AV_EOL) return undefined;
    if (id === AV_TIMESTAMP && length === 8) return Buffer.from(targetInfo.subarray(at + 4, at + 12));
    at += 4 + length;
  }
  return undefined;
}

function fileTimeNow(): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n);
  return b;
}

/** Type 3 with the NTLMv2 response to `challenge` (the LMv2 response is zeros when the server sent a time). */
export function authenticateMessage(
  challenge: ChallengeMessage,
  identity: NtlmIdentity,
  /** Fixed values for test vectors; random challenge and the server's (or our) clock otherwise. */
  fixed: { clientChallenge?: Buffer; time?: Buffer } = {},
): string {
  const clientChallenge = fixed.clientChallenge ?? randomBytes(8);
  const ntHash = Buffer.from(md4.arrayBuffer(Buffer.from(identity.password, 'utf16le')));
  const ntlmV2Hash = hmacMd5(ntHash, Buffer.from(identity.user.toUpperCase() + identity.domain, 'utf16le'));
  const timestamp = serverTimestamp(challenge.targetInfo);
  const blob = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    fixed.time ?? timestamp ?? fileTimeNow(),
    clientChallenge,
    Buffer.alloc(4),
    challenge.targetInfo,
    Buffer.alloc(4),
  ]);
  const ntProof = hmacMd5(ntlmV2Hash, Buffer.concat([challenge.serverChallenge, blob]));
  const ntResponse = Buffer.concat([ntProof, blob]);
  const lmResponse = timestamp
    ? Buffer.alloc(24)
    : Buffer.concat([
        hmacMd5(ntlmV2Hash, Buffer.concat([challenge.serverChallenge, clientChallenge])),
        clientChallenge,
      ]);
  const fields = [
    lmResponse,
    ntResponse,
    Buffer.from(identity.domain, 'utf16le'),
    Buffer.from(identity.user, 'utf16le'),
    Buffer.from(WORKSTATION, 'utf16le'),
    Buffer.alloc(0),
  ];
  const header = Buffer.alloc(64);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = header.length;
  fields.forEach((field, index) => {
    const at = 12 + index * 8;
    header.writeUInt16LE(field.length, at);
    header.writeUInt16LE(field.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += field.length;
  });
  const flags = (challenge.flags & ~FLAG_OEM) | FLAG_UNICODE;
  header.writeUInt32LE(flags >>> 0, 60);
  return Buffer.concat([header, ...fields]).toString('base64');
}
