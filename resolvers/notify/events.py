"""The events that notify, each with its audience, its variables and its default wording.

A template may use only its event's variables (``${name}``): an unknown one is refused when an
administrator saves it. No variable carries an ID number or a full name: ``name`` is the masked
name (张*明), so no SMS can show more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.core.models.enums import NotifyChannel

RESIDENT = "RESIDENT"
STAFF = "STAFF"

COMMON = {"name": ("申请人（脱敏姓名）", "张*明"), "item": ("事项名称", "基本医疗保险关系转移"),
          "number": ("办件编号", "330106-20261207-0001"), "link": ("办件链接", "https://hub.example/m/my/cases")}


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    audience: str  # RESIDENT | STAFF
    variables: dict[str, tuple[str, str]]  # name -> (description, sample value)
    defaults: dict[NotifyChannel, str] = field(default_factory=dict)
    urgent: bool = False  # may be sent in quiet hours
    defer: bool = True  # in quiet hours: deferred to 08:00 (False: suppressed)


def _v(**more: tuple[str, str]) -> dict[str, tuple[str, str]]:
    return {**COMMON, **more}


def _staff() -> dict[str, tuple[str, str]]:
    return {"department": ("部门", "杭州市西湖区医疗保障局"), "number": ("办件编号", "330106-20261207-0001"),
            "item": ("事项名称", "基本医疗保险关系转移"), "due": ("承诺办结日期", "2026-12-14")}


SMS, INAPP, ROBOT = NotifyChannel.SMS, NotifyChannel.INAPP, NotifyChannel.DINGTALK

EVENTS: dict[str, Event] = {e.code: e for e in [
    Event("CASE_ACCEPTED", "办件已受理", RESIDENT, _v(), {
        SMS: "${name}您好，您申请的“${item}”已受理，办件编号${number}。查看受理回执：${link}",
        INAPP: "您申请的“${item}”已受理，办件编号 ${number}。可在“我的办件”查看进度和受理回执。"}),
    Event("SUPPLEMENT_REQUESTED", "需要补正材料", RESIDENT, _v(
        materials=("需补正的材料", "户口簿、近期免冠照片"), reason=("补正说明", "照片须为近6个月内")), {
        SMS: "${name}您好，您的办件${number}（${item}）需补正材料：${materials}。"
             "说明：${reason}。可在线补交：${link}",
        INAPP: "您的办件 ${number}（${item}）需补正材料：${materials}。说明：${reason}。"
               "请在线补交或到窗口补交。"}),
    Event("CASE_APPROVED", "审批通过", RESIDENT, _v(), {
        SMS: "${name}您好，您的办件${number}（${item}）已审批通过。决定书：${link}",
        INAPP: "您的办件 ${number}（${item}）已审批通过，可查看并下载决定书。"}),
    Event("CASE_REFUSED", "不予许可", RESIDENT, _v(reason=("不予许可理由", "申请材料不符合法定形式")), {
        SMS: "${name}您好，您的办件${number}（${item}）不予许可，理由：${reason}。告知书：${link}",
        INAPP: "您的办件 ${number}（${item}）不予许可，理由：${reason}。可查看告知书。"}),
    Event("READY_FOR_PICKUP", "可以领取", RESIDENT, _v(
        hall=("领取地点", "西湖区政务服务中心"), hours=("办公时间", "工作日 9:00-17:00")), {
        SMS: "${name}您好，您的办件${number}（${item}）已办结，请携带身份证到${hall}领取（${hours}）。",
        INAPP: "您的办件 ${number}（${item}）已办结，请携带身份证到 ${hall} 领取，办公时间：${hours}。"}),
    Event("CASE_POSTED", "已寄出", RESIDENT, _v(
        courier=("快递公司", "EMS 政务专递"), tracking=("运单号", "EA123456785CN")), {
        SMS: "${name}您好，您的办件${number}（${item}）结果已由${courier}寄出，运单号${tracking}。",
        INAPP: "您的办件 ${number}（${item}）结果已由 ${courier} 寄出，运单号 ${tracking}。"}),
    Event("CASE_DELIVERED", "已送达", RESIDENT, _v(), {
        SMS: "${name}您好，您的办件${number}（${item}）结果已送达签收。",
        INAPP: "您的办件 ${number}（${item}）结果已送达签收。"}),
    Event("RATING_INVITED", "邀请评价", RESIDENT, _v(), {
        SMS: "${name}您好，您的办件${number}已办结，欢迎对本次服务作出评价：${link}",
        INAPP: "您的办件 ${number}（${item}）已办结，欢迎在“我的办件”中对本次服务作出评价。"},
        defer=False),
    Event("APPOINTMENT_BOOKED", "预约成功", RESIDENT, {
        "name": COMMON["name"], "hall": ("办理地点", "西湖区政务服务中心"),
        "category": ("业务类别", "社保医保"),
        "time": ("预约时间", "12月8日 09:00"), "code": ("预约码", "K7M2Q9")}, {
        SMS: "${name}您好，您已预约${time}到${hall}办理${category}，预约码${code}，请携带身份证按时到达。",
        INAPP: "您已预约 ${time} 到 ${hall} 办理${category}，预约码 ${code}。请携带身份证按时到达，"
               "到达后在自助终端或窗口签到。"}),
    Event("APPOINTMENT_REMINDER", "预约前一天提醒", RESIDENT, {
        "name": COMMON["name"], "hall": ("办理地点", "西湖区政务服务中心"),
        "category": ("业务类别", "社保医保"),
        "time": ("预约时间", "12月8日 09:00"), "code": ("预约码", "K7M2Q9")}, {
        SMS: "${name}您好，提醒您明天${time}到${hall}办理${category}，预约码${code}，请携带身份证按时到达。",
        INAPP: "提醒：您预约了明天 ${time} 到 ${hall} 办理${category}，预约码 ${code}。"
               "请携带身份证按时到达；如不能前来，请提前取消预约。"}),
    Event("TICKET_NEAR", "快到您了", RESIDENT, {
        "number": ("排队号", "A6027"), "ahead": ("前面人数", "3"),
        "hall": ("办理地点", "西湖区政务服务中心")}, {
        SMS: "您在${hall}取的${number}号前面还有${ahead}人，请尽快回到等候区留意叫号。"}, urgent=True),
    Event("LOGIN_CODE", "登录验证码", RESIDENT, {"code": ("验证码", "123456")}, {
        SMS: "您的登录验证码为${code}，5分钟内有效。如非本人操作请忽略。"}, urgent=True),
    Event("B_POST_OFFERED", "B岗接办", STAFF, _staff(), {
        ROBOT: "【B岗接办】${department}的办件 ${number}（${item}）A岗未能及时办理，已转B岗接办，请关注。"}),
    Event("SLA_REMINDER", "临期提醒", STAFF, _staff(), {
        ROBOT: "【临期提醒】${department}的办件 ${number}（${item}）承诺办结日期 ${due}，"
               "已用去八成时限，请及时办理。"}),
    Event("SLA_ESCALATED", "超期督办", STAFF, _staff(), {
        ROBOT: "【超期督办】${department}的办件 ${number}（${item}）已超过承诺办结日期 ${due}，请督办。"}),
    Event("WHISTLE_ESCALATED", "吹哨上报", STAFF, {
        "point": ("吹哨的服务点", "文新街道便民服务中心"), "department": ("求助部门", "人力社保"),
        "item": ("事项或主题", "失业登记"), "reason": ("上报原因", "超时无人接单"),
        "time": ("吹哨时间", "12月8日 09:30")}, {
        ROBOT: "【吹哨上报】${point}${time}向${department}的吹哨（${item}）${reason}，"
               "已上报，请协调专家响应。"}),
    Event("CERTIFICATE_EXPIRING", "上岗证书到期", STAFF, {
        "holder": ("持证人（脱敏姓名）", "李*敏"), "point": ("所在服务点", "文新街道便民服务中心"),
        "certificate": ("证书", "综合窗口上岗考试"), "expires": ("到期日期", "2027-01-06"),
        "days": ("剩余天数", "30")}, {
        ROBOT: "【证书到期】${point}的${holder}的上岗证书（${certificate}）将于${expires}到期"
               "（剩${days}天），请安排复训和考试。"}),
    Event("RECTIFICATION_DUE", "差评整改到期", STAFF, {
        "point": ("服务点", "文新街道便民服务中心"), "due": ("整改期限", "2026-12-10"),
        "level": ("评价", "不满意"), "assignee": ("整改负责人（脱敏姓名）", "王*")}, {
        ROBOT: "【整改到期】${point}的一条“${level}”评价整改期限为${due}，尚未整改完成"
               "（负责人：${assignee}），请督促整改并回访。"}),
    Event("JOINT_NEXT", "联办提醒", STAFF, {
        "application": ("联办件编号", "LB-20261207-0001"), "bundle": ("一件事名称", "新生儿出生一件事"),
        "approved": ("已审批事项", "出生医学证明"), "approver": ("审批人", "王*"),
        "item": ("待办事项", "户口登记"), "number": ("待办办件编号", "330106-20261207-0002"),
        "department": ("待办部门", "公安")}, {
        ROBOT: "【联办提醒】联办件 ${application}（${bundle}）中的“${approved}”已由${approver}审批通过，"
               "请${department}及时办理“${item}”（${number}）。"}),
]}

LOGIN_CODE = "login_code"  # the SMS-login contract's template name (payload["template"])


def event_of(code: str) -> Event | None:
    if code == LOGIN_CODE:
        return EVENTS["LOGIN_CODE"]
    return EVENTS.get(code)
