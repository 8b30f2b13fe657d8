import { spawnSync } from 'node:child_process';

/** True when a Docker engine answers `docker info` within a few seconds. */
export function isDockerAvailable(): boolean {
  const result = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
  return result.status === 0;
}
