// The top menu, built from the viewer's roles: every entry names the roles that can use its
// page (the same roles the hub's rules accept), so no role is shown a link that dead-ends in
// 无权限. A new terminal joins by adding one line here; tests/browser/test_navigation.py clicks
// every entry as every role.

// People learn and clock in; devices (kiosk, board) do not.
const PEOPLE = ['ADMIN', 'SUPERVISOR', 'FRONT_DESK', 'BACK_OFFICE', 'ISSUER', 'EXPERT', 'GRID_WORKER', 'GREETER']

export const PUBLIC_MENU = [
  { to: '/', label: '首页', exact: true },
  { to: '/guide', label: '办事指南' },
  { to: '/appointment', label: '网上预约' },
  { to: '/track', label: '办件查询' },
  { to: '/m', label: '手机端' },
  { to: '/kiosk', label: '自助终端' },
  { to: '/my/cases', label: '我的办件' },
  { to: '/my/messages', label: '我的消息' },
]

// In menu order. `roles`: any of them may use the page.
export const STAFF_MENU = [
  { to: '/workbench', label: '工作台', roles: ['FRONT_DESK'] },
  { to: '/greeter', label: '导办', roles: ['GREETER'] },
  { to: '/backoffice', label: '后台审批', roles: ['BACK_OFFICE'] },
  { to: '/issuance', label: '出件', roles: ['ISSUER', 'FRONT_DESK'] },
  // the customer-facing screen of the counter (统一支付), opened on the second monitor
  { to: '/counter/pay', label: '客户屏', roles: ['FRONT_DESK', 'ISSUER'] },
  { to: '/m/grid', label: '上门代办', roles: ['GRID_WORKER'] },
  { to: '/m/deliveries', label: '送达任务', roles: ['GRID_WORKER'] },
  { to: '/expert', label: '专家坐席', roles: ['EXPERT', 'SUPERVISOR'] },
  { to: '/dashboard', label: '驾驶舱', roles: ['SUPERVISOR', 'ADMIN'] },
  { to: '/kiosk', label: '自助终端', roles: ['KIOSK'] },
  { to: '/board', label: '叫号屏', roles: ['BOARD'] },
  // 培训 opens the training pages (exam, courses, sessions, 培训管理 for managers)
  { to: '/training', label: '培训', roles: PEOPLE },
  { to: '/attendance', label: '考勤', exact: true, roles: PEOPLE },
  // the administrator reaches the report and the rectifications from the dashboard: the bar
  // must fit 1366 px for the role with the most entries
  { to: '/attendance/report', label: '考勤报表', roles: ['SUPERVISOR'] },
  { to: '/rectifications', label: '整改', roles: ['SUPERVISOR'] },
  { to: '/admin/catalog', label: '目录管理', roles: ['ADMIN'] },
  { to: '/admin/relations', label: '事项关联', roles: ['ADMIN'] }, // 顺便办 relations and suggestions
  { to: '/admin/calendar', label: '放假安排', roles: ['ADMIN'] },
  { to: '/admin/integration', label: '部门对接', roles: ['ADMIN'] }, // 部门系统对接, shortened to fit
  { to: '/admin/notify', label: '通知', roles: ['ADMIN'] }, // 通知管理
  { to: '/admin/reconcile', label: '对账', roles: ['ADMIN'] }, // 统一支付对账
]

/** The menu for a viewer: the public one for nobody, else 首页 · 办事指南 and the staff pages their roles can use. */
export function menuFor(me) {
  if (!me) return PUBLIC_MENU
  const roles = me.roles || []
  const staff = STAFF_MENU.filter((entry) => entry.roles.some((r) => roles.includes(r)))
  return [...PUBLIC_MENU.slice(0, 2), ...staff.filter((e, i) => staff.findIndex((x) => x.to === e.to) === i)]
}
