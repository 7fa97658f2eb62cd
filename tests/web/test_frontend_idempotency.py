"""The pages whose submissions write (counter intake, joint application, booking, kiosk ticket)
send an idempotency key made once per submission (frontends/src/api/idempotency.js)."""

from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "frontends" / "src"
PAGES = ["components/cases/intake/IntakeForm.vue", "components/cases/joint/JointApplicationForm.vue",
         "components/queue/AppointmentBooking.vue", "views/queue/KioskTicket.vue"]


@pytest.mark.parametrize("page", PAGES)
def test_the_page_sends_one_key_per_submission(page):
    text = (SRC / page).read_text()
    assert "from '@/api/idempotency'" in text and "submissionKey()" in text
    assert "idempotencyKey" in text and ".done()" in text
