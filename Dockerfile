# Build stage: full dev dependencies + compiler toolchain; only dist/ and pruned node_modules move on.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime stage: same base image, so the native modules built above match its glibc and Node ABI.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Letters (PDF) are set in Noto CJK (LETTER_FONT_FILE's default path); a subset is embedded in each letter.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The command screen and GraphiQL pages (their libraries come from node_modules above).
COPY --from=build /app/public ./public
USER node
EXPOSE 4000
# The slim image has no curl; Node 20 has fetch built in.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/healthz',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# A 32 MB young-generation semi-space: fewer scavenges under load (bench/lib/load.ts HUB_NODE_OPTIONS, docs/decisions.md).
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
