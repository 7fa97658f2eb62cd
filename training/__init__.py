"""Training, exams and certificates (持证上岗): question bank, QR-code exams on the phone,
certificates that gate window work.

Business rules (no strawberry, no starlette — tests/test_architecture.py checks every module
here except the GraphQL entry points ``*queries.py`` and ``*mutations.py``):

- ``bank``: the question bank, validation listing every problem, JSON import and export
- ``exams``: exam definitions (parts, pass marks, time limit, attempts, cool-down, scope)
- ``papers``: the frozen random draw, what the phone may see, grading per part (pure)
- ``attempts``: the QR flow — open a single-use link, start, save answers, submit once
- ``certificates``: issue, revoke, public verification, expiry reminders
- ``gate``: ``require_certificate`` for window sign-in, calling tickets, accepting cases
- ``links`` (signed tokens), ``qr`` (SVG data URLs), ``clock`` (Shanghai dates), ``access``
- ``courses``, ``media`` (uploads typed by content, content-addressed), ``sessions`` (live and
  on-site training with roster and attendance)
- ``hours`` (opening hours and the pure late / early / absent arithmetic), ``clockcodes`` (the
  hall's rotating QR token), ``attendance`` (clock in and out, reports, ``on_duty`` for routing)
- ``learning_queries`` / ``learning_mutations``: GraphQL entry points of the above
- ``demo``: the demo bank (demo_bank.json) and exam for ``python -m hub seed``
"""
