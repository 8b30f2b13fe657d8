import { CliError } from '../cli-error.ts';

/** Commander's parser for whole-number options. */
export const integer = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new CliError(`${value} is not a whole number`);
  return parsed;
};
