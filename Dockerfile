# Image for compose.yaml (not built on the development machines: they have no Docker engine).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN pip install --no-cache-dir uv==0.13.9 \
    && UV_PROJECT_ENVIRONMENT=/usr/local uv sync --frozen --no-dev --inexact --compile-bytecode
COPY . .
RUN useradd --system --uid 1000 imdi && mkdir -p /data/private && chown imdi /data/private
USER imdi
EXPOSE 8000
