# Multi-stage: install dependencies once (npm ci from the lockfile), then copy sources.
# There is no build step: entrypoints run through tsx (see docker-compose.yml commands).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/graph-emulator/package.json packages/graph-emulator/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Root and per-workspace node_modules (workspace links point at the sources copied next).
COPY --from=deps /app ./
COPY . .
USER node
EXPOSE 4000
CMD ["npx", "tsx", "apps/api/src/main.ts"]
