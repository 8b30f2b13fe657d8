export { buildApp, type BuildAppOptions } from './app.ts';
export { apiEnvSchema, loadApiConfig, type ApiConfig } from './config.ts';
export { loadSchema } from './graphql/load-schema.ts';
