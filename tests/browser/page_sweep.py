"""Every page of the product, the terminal size its user has and the account that uses it — the
data the all-pages sweep and the menu test walk. A new page joins by adding one line to PAGES.

Sizes: the phone (390×844), the counter and back office (1366×768), the board and the
dashboard (1920×1080), the kiosk in portrait (1080×1920), the greeter's tablet (1024×768, held
either way round)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
WALL = {"width": 1920, "height": 1080}
KIOSK = {"width": 1080, "height": 1920}
TABLET = {"width": 1024, "height": 768}
TABLET_PORTRAIT = {"width": 768, "height": 1024}

ITEM = "330106-YB-001"
AXE = Path(__file__).resolve().parents[2] / "frontends" / "node_modules" / "axe-core" / "axe.min.js"

# The demo accounts by role (hub/demo/load.py); None is a resident or a visitor, not logged in.
ACCOUNTS = {
    "FRONT_DESK": "qiantai", "BACK_OFFICE": "yb_a", "EXPERT": "zhuanjia", "SUPERVISOR": "zhuren",
    "ADMIN": "admin", "ISSUER": "chujian", "GRID_WORKER": "wangge", "KIOSK": "kiosk01", "BOARD": "board01",
    "GREETER": "daoban",
}
PASSWORDS = {"admin": "admin123"}  # every other demo account has the demo password


def password(username: str) -> str:
    return PASSWORDS.get(username, "demo1234")


@dataclass(frozen=True)
class Page:
    path: str
    size: dict[str, int]
    role: str | None = None  # who uses it (a key of ACCOUNTS), None for the public
    owner: str = ""  # the screens another team owns: their findings are listed, not fixed here


PAGES = [
    # the public on the PC web
    Page("/", DESK), Page("/guide", DESK), Page(f"/guide/items/{ITEM}", DESK), Page("/track", DESK),
    Page("/appointment", DESK), Page("/login", DESK), Page("/login/citizen", DESK), Page("/nope", DESK),
    Page("/login/citizen?tab=sms", DESK),
    # residents on the phone
    Page("/m", PHONE), Page(f"/m/items/{ITEM}", PHONE), Page("/m/track", PHONE),
    Page("/m/appointment", PHONE, owner="appointments"), Page("/m/login/citizen", PHONE),
    Page("/m/login/citizen?tab=sms", PHONE),
    # the grid worker on the phone
    Page("/m/grid", PHONE, "GRID_WORKER"), Page("/m/deliveries", PHONE, "GRID_WORKER"),
    # the kiosk in portrait, the board on the wall
    Page("/kiosk", KIOSK, "KIOSK", owner="kiosk"),
    Page(f"/kiosk/items/{ITEM}", KIOSK, "KIOSK", owner="kiosk"),
    Page("/kiosk/ticket", KIOSK, "KIOSK", owner="kiosk"),
    Page("/kiosk/track", KIOSK, "KIOSK", owner="kiosk"),
    Page("/board", WALL, "BOARD", owner="board"),
    # the greeter's tablet at the hall door, both ways round
    Page("/greeter", TABLET, "GREETER"), Page("/greeter", TABLET_PORTRAIT, "GREETER"),
    # the counter, the issuance window, the back office, the expert
    Page("/workbench", DESK, "FRONT_DESK", owner="counter"),
    Page("/workbench/supplement", DESK, "FRONT_DESK", owner="counter"),
    Page("/issuance", DESK, "ISSUER"), Page("/backoffice", DESK, "BACK_OFFICE"),
    Page("/counter/pay", WALL, "FRONT_DESK"),  # the customer-facing screen (second monitor)
    Page("/expert", DESK, "EXPERT"),
    # people's own training and attendance
    Page("/training", DESK, "FRONT_DESK"), Page("/training/courses", DESK, "FRONT_DESK"),
    Page("/training/sessions", DESK, "FRONT_DESK"), Page("/attendance", DESK, "FRONT_DESK"),
    # the supervisor
    Page("/dashboard", WALL, "SUPERVISOR", owner="cockpit"),
    Page("/dashboard/wall", WALL, "SUPERVISOR", owner="cockpit"),
    Page("/attendance/report", DESK, "SUPERVISOR"),
    Page("/rectifications", DESK, "SUPERVISOR"), Page("/admin/training", DESK, "SUPERVISOR"),
    # the administrator
    Page("/admin/catalog", DESK, "ADMIN"), Page(f"/admin/catalog/{ITEM}", DESK, "ADMIN"),
    Page("/admin/relations", DESK, "ADMIN"),
    Page("/admin/calendar", DESK, "ADMIN"), Page("/admin/integration", DESK, "ADMIN"),
    Page("/admin/courses", DESK, "ADMIN"), Page("/admin/notify", DESK, "ADMIN"),
    Page("/admin/reconcile", DESK, "ADMIN"),
]

# What a page shows when its viewer may not use it, or when it failed: a menu link that lands
# on one of these is a dead end.
DEAD_END = ("无权限", "仅供", "仅限", "页面不存在", "加载失败", "请求失败", "出错了")

# Horizontal overflow of the page, and controls cut off: off the right edge of the screen, or
# text clipped inside its own box (a label cut to "退出登" …). Controls inside a container that
# scrolls sideways on purpose (a wide table) are reachable and not counted.
LAYOUT_PROBLEMS = """() => {
  const out = []
  const width = window.innerWidth
  if (document.documentElement.scrollWidth > width + 1)
    out.push(`page ${document.documentElement.scrollWidth}px wide on a ${width}px screen`)
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p)
      if (['auto', 'scroll'].includes(s.overflowX) && p.scrollWidth > p.clientWidth) return true
    }
    return false
  }
  const controls = document.querySelectorAll(
    'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=tab], '
    + '.el-tag, .el-avatar')
  for (const el of controls) {
    const r = el.getBoundingClientRect()
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue
    if (el.closest('[aria-hidden=true], .el-select-dropdown, .el-popper')) continue
    const name = (el.innerText || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 30)
    if ((r.right > width + 1 || r.left < -1) && !scrolls(el))
      out.push(`off screen: ${name} (${Math.round(r.left)}–${Math.round(r.right)})`)
    const clip = ['hidden', 'clip'].includes(getComputedStyle(el).overflowX)
    if (clip && el.scrollWidth > el.clientWidth + 1 && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))
      out.push(`clipped: ${name} (${el.scrollWidth}px in ${el.clientWidth}px)`)
  }
  return out
}"""

AXE_RUN = """async () => {
  const r = await axe.run(document, { resultTypes: ['violations'] })
  return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 4).map(n => n.target.join(' ')),
  }))
}"""
