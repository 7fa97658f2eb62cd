"""Training, exams and certificates (持证上岗): question bank, QR-code exams on the phone,
certificates that gate window work, attendance.

Self-contained: its rules live in ``training/*/rules.py`` (no strawberry, no starlette — the
architecture test covers them), its GraphQL entry points beside them. Not built yet: the first
foundation only reserves the package so that its place in the layout is fixed.
"""
