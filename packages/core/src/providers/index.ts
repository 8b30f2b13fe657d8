export { TEMPORARY_FAILURE_KINDS } from './failure.ts';
export type { Failure, FailureClassifier, FailureKind, MailboxFailureReason } from './failure.ts';
