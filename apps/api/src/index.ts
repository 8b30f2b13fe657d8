export { buildApp, type BuildAppOptions } from './app.ts';
export { loadApiConfig, type ApiConfig } from './config.ts';
export { loadSchema } from './graphql/load-schema.ts';
