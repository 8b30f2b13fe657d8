export { CertificateError, parseCertificateCredential } from './certificate.ts';
export type { CertificateErrorCode, ParsedCertificate } from './certificate.ts';
export { classifyTokenError, DEFAULT_TOKEN_RETRY_AFTER_MS } from './classify-token-error.ts';
export { isTokenAcquisitionError, TokenAcquisitionError } from './token-acquisition-error.ts';
export type { TokenAcquisitionErrorInit, TokenFailureKind } from './token-acquisition-error.ts';
export { createTokenProvider } from './token-provider.ts';
export type {
  AppToken,
  ConnectorCredential,
  TokenProvider,
  TokenProviderLogger,
  TokenProviderOptions,
} from './token-provider.ts';
