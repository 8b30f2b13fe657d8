# syntax=docker/dockerfile:1
# calsync image: one image for the API (default command), the worker and the migration job.
#   docker build -t calsync .
#   api:     docker run calsync
#   worker:  docker run -e WORKER_PORT=4001 calsync node apps/worker/dist/main.js
#   migrate: docker run calsync node packages/core/dist/bin/migrate.js
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Compile every workspace (needs the dev dependencies: typescript, tsx).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Every workspace's package.json: npm ci checks the lockfile against all of them.
COPY packages/core/package.json packages/core/
COPY packages/graph-emulator/package.json packages/graph-emulator/
COPY packages/client/package.json packages/client/
COPY packages/cli/package.json packages/cli/
COPY packages/board/package.json packages/board/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-build-assets.ts scripts/
COPY packages packages
COPY apps apps
RUN npm run build

# 2. Production dependencies of the shipped workspaces only (no emulator, no dev tools).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# Every workspace's package.json: npm ci checks the lockfile against all of them.
COPY packages/core/package.json packages/core/
COPY packages/graph-emulator/package.json packages/graph-emulator/
COPY packages/client/package.json packages/client/
COPY packages/cli/package.json packages/cli/
COPY packages/board/package.json packages/board/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
RUN npm ci --omit=dev --no-audit --no-fund -w @calsync/core -w @calsync/api -w @calsync/worker \
  && npm cache clean --force

# 3. Runtime: compiled output + production node_modules, as the unprivileged `node` user.
FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: @calsync/* imports resolve to dist/ (see the packages' "exports"); a 16 MB young
# generation keeps the start-up heap (hundreds of small ESM modules) from reserving ~100 MB more RSS.
ENV NODE_ENV=production \
    NODE_OPTIONS="--conditions=calsync-dist --max-semi-space-size=16" \
    HOST=0.0.0.0 \
    PORT=4000 \
    WORKER_HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/packages/core/package.json packages/core/
COPY --from=build /app/packages/core/dist packages/core/dist
COPY --from=build /app/apps/api/package.json apps/api/
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/worker/package.json apps/worker/
COPY --from=build /app/apps/worker/dist apps/worker/dist
COPY migrations migrations
USER node
EXPOSE 4000 4001
# The worker answers on WORKER_PORT when set, the API on PORT.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.WORKER_PORT ?? process.env.PORT ?? 4000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
