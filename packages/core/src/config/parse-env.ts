import type { z } from 'zod';

/** Thrown when the environment does not satisfy a process's schema; `message` is one line per variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses an environment object against a process schema. The message names each
 * bad variable and why, and never echoes the value (it may be a secret).
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const reason =
      issue.code === 'invalid_type' && cleaned[name] === undefined
        ? 'is required but missing'
        : issue.message;
    return `configuration error: ${name} ${reason}`;
  });
  throw new ConfigError(lines.join('\n'));
}
