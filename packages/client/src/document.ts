import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** A generated operation: its text plus its result and variables types. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
};

/** Variables are optional exactly when the operation declares no required one. */
export type VariablesArgs<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];
