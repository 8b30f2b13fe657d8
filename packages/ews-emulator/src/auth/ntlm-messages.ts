/**
 * NTLM wire messages ([MS-NLMP] 2.2.1): the emulator reads Type 1 / Type 3 and writes Type 2.
 * Only what a server needs to verify NTLMv2; no signing or sealing (EWS runs over TLS).
 */
const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

const FLAG_UNICODE = 0x00000001;
const FLAG_REQUEST_TARGET = 0x00000004;
const FLAG_NTLM = 0x00000200;
const FLAG_ALWAYS_SIGN = 0x00008000;
const FLAG_TARGET_TYPE_DOMAIN = 0x00010000;
const FLAG_EXTENDED_SESSION_SECURITY = 0x00080000;
const FLAG_TARGET_INFO = 0x00800000;
const FLAG_VERSION = 0x02000000;
const FLAG_128 = 0x20000000;
const FLAG_56 = 0x80000000;

export interface NtlmAuthenticate {
  domain: string;
  user: string;
  workstation: string;
  ntChallengeResponse: Buffer;
}

/** 1, 2 or 3 for a well-formed NTLMSSP token, undefined otherwise. */
export function ntlmMessageType(token: Buffer): number | undefined {
  if (token.length < 12 || !token.subarray(0, 8).equals(SIGNATURE)) return undefined;
  return token.readUInt32LE(8);
}

function securityBuffer(token: Buffer, at: number): Buffer {
  const length = token.readUInt16LE(at);
  const offset = token.readUInt32LE(at + 4);
  if (offset + length > token.length) throw new RangeError('NTLM security buffer out of bounds');
  return token.subarray(offset, offset + length);
}

/** Reads an AUTHENTICATE (Type 3) message; undefined when it is truncated. */
export function readAuthenticateMessage(token: Buffer): NtlmAuthenticate | undefined {
  if (ntlmMessageType(token) !== 3 || token.length < 64) return undefined;
  try {
    const flags = token.readUInt32LE(60);
    const decode = (b: Buffer): string => b.toString(flags & FLAG_UNICODE ? 'utf16le' : 'latin1');
    return {
      ntChallengeResponse: Buffer.from(securityBuffer(token, 20)),
      domain: decode(securityBuffer(token, 28)),
      user: decode(securityBuffer(token, 36)),
      workstation: decode(securityBuffer(token, 44)),
    };
  } catch {
    return undefined;
  }
}

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** Windows FILETIME (100 ns since 1601) of an instant. */
function fileTime(ms: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(ms) + 11_644_473_600_000n) * 10_000n);
  return b;
}

/** A CHALLENGE (Type 2) message with target info, so clients answer with NTLMv2. */
export function writeChallengeMessage(input: {
  challenge: Buffer;
  netbiosDomain: string;
  netbiosComputer: string;
  dnsDomain: string;
  dnsComputer: string;
  nowMs: number;
}): Buffer {
  const target = Buffer.from(input.netbiosDomain, 'utf16le');
  const info = Buffer.concat([
    avPair(2, Buffer.from(input.netbiosDomain, 'utf16le')),
    avPair(1, Buffer.from(input.netbiosComputer, 'utf16le')),
    avPair(4, Buffer.from(input.dnsDomain, 'utf16le')),
    avPair(3, Buffer.from(input.dnsComputer, 'utf16le')),
    avPair(7, fileTime(input.nowMs)),
    avPair(0, Buffer.alloc(0)),
  ]);
  const header = Buffer.alloc(56);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(target.length, 12);
  header.writeUInt16LE(target.length, 14);
  header.writeUInt32LE(56, 16);
  const flags =
    FLAG_UNICODE |
    FLAG_REQUEST_TARGET |
    FLAG_NTLM |
    FLAG_ALWAYS_SIGN |
    FLAG_TARGET_TYPE_DOMAIN |
    FLAG_EXTENDED_SESSION_SECURITY |
    FLAG_TARGET_INFO |
    FLAG_VERSION |
    FLAG_128 |
    FLAG_56;
  header.writeUInt32LE(flags >>> 0, 20);
  input.challenge.copy(header, 24);
  header.writeUInt16LE(info.length, 40);
  header.writeUInt16LE(info.length, 42);
  header.writeUInt32LE(56 + target.length, 44);
  // Version: Windows Server 2019 (10.0.17763), NTLM revision 15.
  header.writeUInt8(10, 48);
  header.writeUInt8(0, 49);
  header.writeUInt16LE(17763, 50);
  header.writeUInt8(15, 55);
  return Buffer.concat([header, target, info]);
}
