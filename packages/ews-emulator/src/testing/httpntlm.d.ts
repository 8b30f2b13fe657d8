// httpntlm ships no typings; these are the NTLM message helpers the contract tests drive the emulator with.
declare module 'httpntlm/ntlm.js' {
  interface NtlmOptions {
    username: string;
    password: string;
    domain?: string;
    workstation?: string;
  }
  interface Type2Message {
    serverChallenge: Buffer;
    negotiateFlags: number;
    targetInfo?: Buffer;
  }
  export function createType1Message(options: NtlmOptions): string;
  export function parseType2Message(header: string, callback: (error: Error) => void): Type2Message | null;
  export function createType3Message(type2: Type2Message, options: NtlmOptions): string;
}
