"""The 联办申请表 PDF: the application number, the bundle, the shared fields, every linked item
with its department and case number, the signature line in Shanghai time, and a QR code that
scans back to the tracking page."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdf
import pypdfium2 as pdfium
import zxingcpp

from hub.core.pdf.joint_form import JointFormData, JointFormItem, render_joint_form

TRACK = "https://hub.example.gov.cn/track/application/330106L2026120100001"


def sample() -> JointFormData:
    return JointFormData(
        number="330106L2026120100001", bundle_name="新生儿出生一件事",
        service_point="文新街道便民服务中心", received_by="李晓敏", applicant_name="陈晓燕",
        applicant_id_number="330106199203150027",
        fields=[("新生儿姓名", "陈安安"), ("新生儿性别", "女"), ("出生日期", "2026-11-21"),
                ("母亲身份证号码", "330106199203150027"), ("父亲姓名", "")],
        items=[JointFormItem("出生登记", "杭州市公安局西湖区分局", "3301062026120100001", "已受理，待审批"),
               JointFormItem("新生儿参保", "杭州市西湖区医疗保障局", "3301062026120100002", "已受理，待审批"),
               JointFormItem("社会保障卡申领", "杭州市人力资源和社会保障局", "3301062026120100003",
                             "已受理，待审批")],
        signed_name="陈晓燕", signed_at=datetime(2026, 12, 1, 1, 30, tzinfo=UTC),
        status="办理中（0/3 已办结）", track_url=TRACK)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "".join("".join(p.extract_text().replace("\x00", "").split()) for p in reader.pages)


def test_the_form_prints_the_application_items_and_signature():
    # given a joint application of three items, when its form is rendered
    pdf = render_joint_form(sample())
    text = text_of(pdf)
    # then every fact the applicant signs for is in the text
    for expected in ("“一件事”联办申请表", "新生儿出生一件事", "330106L2026120100001", "陈安安",
                     "母亲身份证号码330106199203150027", "出生登记", "杭州市公安局西湖区分局",
                     "3301062026120100001", "社会保障卡申领", "3301062026120100003",
                     "办理中（0/3已办结）", "申请人签名陈晓燕", "签署时间2026年12月1日09:30"):
        assert expected in text, expected
    assert "父亲姓名—" in text  # an empty optional field is a dash, not a blank


def test_the_qr_code_scans_back_to_the_tracking_page():
    image = pdfium.PdfDocument(render_joint_form(sample()))[0].render(scale=4).to_pil()
    found = [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert found == [TRACK]
