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
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DEA_DATA_DIR=/home/node/.dea
WORKDIR /app
COPY package.json package-lock.json ./
COPY bin ./bin
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY sql ./sql
COPY dashboard/static ./dashboard/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/dea.js"]
CMD ["start"]
