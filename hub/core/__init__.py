"""The ground floor: settings, database, models, migrations, errors, security, clock, storage, PDFs, QR
codes, retries, pagination and ID-number checks. Imports nothing of ours from above."""
