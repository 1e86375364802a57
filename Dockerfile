FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=veiligthuis.settings.production
WORKDIR /app
# WeasyPrint (PDF letters) needs Pango and a font.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY veiligthuis ./veiligthuis
COPY meldingen ./meldingen
COPY diensten ./diensten
COPY wachtlijst ./wachtlijst
COPY verantwoording ./verantwoording
COPY demo ./demo
COPY templates ./templates
COPY static ./static
COPY manage.py ./
RUN pip install --no-cache-dir . \
    && SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --no-input
RUN useradd --system --uid 1000 veiligthuis && mkdir -p /data/bijlagen && chown veiligthuis /data/bijlagen
USER veiligthuis
EXPOSE 8000
CMD ["gunicorn", "veiligthuis.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
