export { buildApp, type BuildAppOptions } from './app.ts';
export { loadApiConfig, type ApiConfig } from './config.ts';
