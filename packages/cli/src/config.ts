import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli-error.ts';

export interface StoredConfig {
  url: string;
  apiKey: string;
}

export interface ResolvedConnection extends StoredConfig {
  /** Where url and key came from, for `doctor` and error hints. */
  source: 'environment' | 'config file';
}

type Env = Readonly<Record<string, string | undefined>>;

/** $CALSYNC_CONFIG_DIR, else the platform's per-user config directory + /calsync. */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.CALSYNC_CONFIG_DIR) return env.CALSYNC_CONFIG_DIR;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'calsync');
  if (platform === 'darwin') return join(env.HOME ?? homedir(), 'Library', 'Application Support', 'calsync');
  return join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config'), 'calsync');
}

export function configFile(env: Env): string {
  return join(configDir(env), 'config.json');
}

export async function readStoredConfig(env: Env): Promise<StoredConfig | null> {
  let text: string;
  try {
    text = await readFile(configFile(env), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (
    parsed &&
    typeof parsed === 'object' &&
    'url' in parsed &&
    'apiKey' in parsed &&
    typeof parsed.url === 'string' &&
    typeof parsed.apiKey === 'string'
  ) {
    return { url: parsed.url, apiKey: parsed.apiKey };
  }
  throw new CliError(`${configFile(env)} is not a calsync config; run 'calsync login' again`);
}

/** Writes the key readable by the user only (0600, directory 0700), also when the file existed. */
export async function writeStoredConfig(env: Env, config: StoredConfig): Promise<string> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = configFile(env);
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

/** File mode bits of the config file, or null when there is none. */
export async function configFileMode(env: Env): Promise<number | null> {
  try {
    return (await stat(configFile(env))).mode & 0o777;
  } catch {
    return null;
  }
}

/** CALSYNC_URL + CALSYNC_API_KEY win over the stored login, so CI needs no config file. */
export async function resolveConnection(env: Env): Promise<ResolvedConnection> {
  if (env.CALSYNC_URL && env.CALSYNC_API_KEY) {
    return { url: env.CALSYNC_URL, apiKey: env.CALSYNC_API_KEY, source: 'environment' };
  }
  const stored = await readStoredConfig(env);
  if (!stored) {
    throw new CliError(
      "Not logged in: run 'calsync login --url <api-url>' (key on stdin) or set CALSYNC_URL and CALSYNC_API_KEY",
    );
  }
  return { ...stored, source: 'config file' };
}
