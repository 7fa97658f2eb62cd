"""Training, exams and certificates (持证上岗): the rules of the training module.

No strawberry, no starlette (tests/test_architecture.py checks the whole package); the GraphQL of
these rules is in schema/training/ and schema/training/courses/.

- ``bank``: the question bank, validation listing every problem, JSON import and export
- ``exams``: exam definitions (parts, pass marks, time limit, attempts, cool-down, scope)
- ``papers``: the frozen random draw, what the phone may see, grading per part (pure)
- ``attempts``: the QR flow — open a single-use link, start, save answers, submit once
- ``certificates``: issue, revoke, public verification, expiry reminders
- ``gate``: ``require_certificate`` for window sign-in, calling tickets, accepting cases
- ``links`` (signed tokens), ``access`` (who may see whose training)
- ``courses``, ``media`` (uploads typed by content, content-addressed), ``sessions`` (live and
  on-site training with roster and attendance)

Attendance (clocking in and out, opening hours) is its own domain: resolvers/attendance/. The demo
bank and exam are in hub/demo/training.py.
"""
