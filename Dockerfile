# syntax=docker/dockerfile:1
# gongkai CLI / worker image: official Node 24 LTS, dependencies installed in a build stage,
# runtime as the unprivileged `node` user. Source runs directly on Node 24 (type stripping).

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The `node` devDependency is not needed inside the image: the image already is Node 24.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    GONGKAI_DATA_DIR=/data
WORKDIR /app
# OCR of scanned (image-only) PDFs: Tesseract with Simplified Chinese, pdftoppm and pdfimages (GONGKAI_OCR=off to skip)
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim poppler-utils \
 && rm -rf /var/lib/apt/lists/*
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY migrations ./migrations
COPY config ./config
COPY samples ./samples
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "/app/src/cli/main.ts"]
CMD ["--help"]
