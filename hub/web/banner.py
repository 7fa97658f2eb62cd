"""Prints the terminal URLs and demo accounts before `make run` starts serving."""

from hub.core.settings import Settings
from hub.demo.load import demo_accounts_table


def main() -> None:
    s = Settings.from_env()
    base = f"http://{s.host}:{s.port}"
    print(f"""
一窗受理集成服务平台 OneWindow Hub
  首页（各终端入口）  {base}/
  办事指南（电脑端）  {base}/guide
  手机端              {base}/m
  自助终端            {base}/kiosk
  工作人员登录        {base}/login
  考勤 / 培训课程     {base}/attendance  {base}/training/courses
  大厅考勤二维码      {base}/attendance/hall  （board01 或 zhuren 登录后显示，手机扫码签到）
  GraphQL             {base}/graphql
  通知                {base}/admin/notify （admin 登录：消息记录、模板、群机器人）
  演示短信 / 群机器人  {base}/_fake/sms  {base}/_fake/robots
                      （演示用的假短信服务商、钉钉与企业微信机器人收到的消息）
{demo_accounts_table()}
""")


if __name__ == "__main__":
    main()
