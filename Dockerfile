# syntax=docker/dockerfile:1
# calsync image: one image for the API (default command), the worker and the migration job.
#   docker build -t calsync .
#   api:     docker run calsync
#   worker:  docker run -e WORKER_PORT=4001 calsync node apps/worker/dist/main.js
#   migrate: docker run calsync node packages/core/dist/bin/migrate.js
# Build on Debian (esbuild's binary and npm's install scripts expect glibc); run on Alpine: the layout
# holds no native module, and the Alpine base is about 80 MB smaller than bookworm-slim, which keeps
# the image near the 200 MB the operations guide budgets (docs/operations.md, "Runtime and build").
ARG NODE_IMAGE=node:24-bookworm-slim
ARG RUNTIME_IMAGE=node:24-alpine

# 1. Bundle the services (esbuild; needs the dev dependencies) and assemble the runtime layout:
#    the bundles, their assets, the migrations and the few packages read from disk at run time
#    (scripts/lib/runtime-layout.ts). No `npm ci --omit=dev` stage: the bundles inline the rest.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Every workspace's package.json: npm ci checks the lockfile against all of them.
COPY packages/core/package.json packages/core/
COPY packages/graph-emulator/package.json packages/graph-emulator/
COPY packages/ews-emulator/package.json packages/ews-emulator/
COPY packages/client/package.json packages/client/
COPY packages/cli/package.json packages/cli/
COPY packages/board/package.json packages/board/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts scripts
COPY migrations migrations
COPY packages packages
COPY apps apps
RUN npm run build -- --layout /layout

# 2. Runtime: the layout, as the unprivileged `node` user.
FROM ${RUNTIME_IMAGE} AS runtime
# NODE_OPTIONS: a 16 MB young generation keeps start-up (parsing the bundle) from making V8 reserve
# tens of MB of resident memory that is never used again.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=16" \
    HOST=0.0.0.0 \
    PORT=4000 \
    WORKER_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /layout ./
USER node
EXPOSE 4000 4001
# The worker answers on WORKER_PORT when set, the API on PORT.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.WORKER_PORT ?? process.env.PORT ?? 4000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
