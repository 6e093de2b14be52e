# syntax=docker/dockerfile:1
# Build for Snowpark Container Services: docker build --platform linux/amd64 -t dea:latest .

# ---- build: compile TypeScript with the dev dependencies
FROM --platform=linux/amd64 node:22-bookworm-slim AS build
WORKDIR /app
# bin/ comes with the manifests: `npm ci` runs its `prepare` step (bin/build.js), which finds no sources yet and
# compiles nothing; the image's dist/ is tsc's below.
COPY package.json package-lock.json ./
COPY bin ./bin
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies and compiled JavaScript only
FROM --platform=linux/amd64 node:22-bookworm-slim AS runtime
# MALLOC_ARENA_MAX: glibc keeps one malloc arena per thread (DuckDB's, libuv's, the procedure worker's), each
# holding freed memory; two arenas keep the bot's resident memory flat. The two thresholds hand blocks of 64 kB and
# more (a recycled procedure worker's, DuckDB's) back to the system when freed (docs/performance.md#memory).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=65536 \
    MALLOC_TRIM_THRESHOLD_=65536 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DEA_DATA_DIR=/home/node/.dea
WORKDIR /app
COPY package.json package-lock.json ./
COPY bin ./bin
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY sql ./sql
# dea sql spcs inlines the service specification (with the chosen names) into spcs.sql.
COPY spec.yaml ./spec.yaml
COPY dashboard/static ./dashboard/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A 2 MB young generation: the bot allocates in small bursts, and V8's default nursery stays resident (~40 MB).
# --optimize-for-size: V8 grows its heaps less eagerly (about 5 MB less after 1,000 conversations).
ENTRYPOINT ["node", "--max-semi-space-size=2", "--optimize-for-size", "bin/dea.js"]
CMD ["start"]
