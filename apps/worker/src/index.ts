export {
  startWorkers,
  checkProcessors,
  type ProcessorMap,
  type Processor,
  type RunningWorkers,
} from './run-workers.ts';
export { buildProcessors } from './processors/index.ts';
export { createConnectorCheckProcessor } from './processors/connector-check.ts';
export { loadWorkerConfig, workerEnvSchema, type WorkerConfig } from './config.ts';
