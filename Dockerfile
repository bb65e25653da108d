# The hosted dashboard: gunicorn over the store named by DATABASE_URL.
# Untested here (no Docker engine on the development machine); see README.md, "Hosting the dashboard for a team".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Chromium draws the PNG, SVG, PDF and PowerPoint exports (as on a Debian host; see the README).
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY extract/ extract/
COPY dashboard/ dashboard/
COPY assets/ assets/

RUN useradd --system --create-home --uid 10001 timeline
USER timeline
EXPOSE 8000
# Bring the schema up to date, then serve; the workers share the store.
CMD ["sh", "-c", "python -m dashboard db upgrade && exec gunicorn --workers ${WEB_CONCURRENCY:-2} --bind 0.0.0.0:8000 --timeout 60 --access-logfile - dashboard.wsgi:server"]
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
