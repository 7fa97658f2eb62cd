import { createRouter, createWebHistory } from 'vue-router'
import { ensureMe, auth } from '@/stores/auth'

const SITE = '一窗受理集成服务平台'

const routes = [
  { path: '/', name: 'home', component: () => import('@/views/shell/HomeView.vue'), meta: { title: '' } },
  { path: '/login', name: 'login', component: () => import('@/views/shell/LoginView.vue'), meta: { title: '工作人员登录' } },

  // PC web: 办事指南
  { path: '/guide', name: 'guide', component: () => import('@/views/catalog/GuideView.vue'), meta: { title: '办事指南' } },
  {
    path: '/guide/items/:code',
    name: 'guide-item',
    component: () => import('@/views/catalog/GuideItemView.vue'),
    props: true,
    meta: { title: '事项详情' },
  },

  // PC web: 办件查询与评价 (case number + ID number, or a resident's login)
  { path: '/track', name: 'track', component: () => import('@/views/cases/TrackView.vue'), meta: { title: '办件查询' } },

  // PC web: 网上预约 (no citizen login: code + ID number)
  { path: '/appointment', name: 'appointment', component: () => import('@/views/queue/AppointmentView.vue'), meta: { title: '网上预约' } },

  // Residents (申请人): log in / register, file online (网上申报), 我的办件 — PC and phone
  { path: '/login/citizen', name: 'citizen-login', component: () => import('@/views/citizens/CitizenLogin.vue'), meta: { title: '申请人登录' } },
  {
    path: '/apply/joint/:code',
    name: 'apply-joint',
    component: () => import('@/views/cases/joint/JointApplyView.vue'),
    props: true,
    meta: { title: '一件事联办' },
  },
  {
    path: '/apply/:code',
    name: 'apply',
    component: () => import('@/views/cases/ApplyView.vue'),
    props: true,
    meta: { title: '网上申报' },
  },
  { path: '/my/cases', name: 'my-cases', component: () => import('@/views/cases/MyCases.vue'), meta: { title: '我的办件' } },
  { path: '/my/messages', name: 'my-messages', component: () => import('@/views/notify/MyMessages.vue'), meta: { title: '我的消息' } },
  {
    path: '/m/my/messages',
    name: 'mobile-my-messages',
    component: () => import('@/views/notify/MyMessages.vue'),
    props: { variant: 'mobile' },
    meta: { title: '我的消息' },
  },
  {
    path: '/m/login/citizen',
    name: 'mobile-citizen-login',
    component: () => import('@/views/citizens/CitizenLogin.vue'),
    props: { variant: 'mobile' },
    meta: { title: '申请人登录' },
  },
  {
    path: '/m/apply/joint/:code',
    name: 'mobile-apply-joint',
    component: () => import('@/views/cases/joint/JointApplyView.vue'),
    props: (route) => ({ code: route.params.code, variant: 'mobile' }),
    meta: { title: '一件事联办' },
  },
  {
    path: '/m/apply/:code',
    name: 'mobile-apply',
    component: () => import('@/views/cases/ApplyView.vue'),
    props: (route) => ({ code: route.params.code, variant: 'mobile' }),
    meta: { title: '网上申报' },
  },
  {
    path: '/m/my/cases',
    name: 'mobile-my-cases',
    component: () => import('@/views/cases/MyCases.vue'),
    props: { variant: 'mobile' },
    meta: { title: '我的办件' },
  },
  // Grid worker (网格员) on the phone: 上门代办 for a resident
  {
    path: '/m/grid',
    name: 'grid',
    component: () => import('@/views/cases/GridIntakeView.vue'),
    meta: { title: '网格员代办', requiresAuth: true },
  },

  // Mobile H5
  { path: '/m', name: 'mobile', component: () => import('@/views/catalog/MobileHome.vue'), meta: { title: '手机端' } },
  { path: '/m/track', name: 'mobile-track', component: () => import('@/views/cases/MobileTrack.vue'), meta: { title: '办件查询' } },
  // 好差评 of a window service: the QR code on the ticket slip opens it on the phone
  {
    path: '/m/rate/:token',
    name: 'mobile-rate',
    component: () => import('@/views/cases/issuance/MobileRate.vue'),
    props: true,
    meta: { title: '服务评价' },
  },
  {
    path: '/m/deliveries',
    name: 'mobile-deliveries',
    component: () => import('@/views/cases/issuance/MobileDelivery.vue'),
    meta: { title: '送达任务', requiresAuth: true },
  },
  { path: '/m/appointment', name: 'mobile-appointment', component: () => import('@/views/queue/MobileAppointment.vue'), meta: { title: '网上预约' } },
  {
    path: '/m/items/:code',
    name: 'mobile-item',
    component: () => import('@/views/catalog/MobileItem.vue'),
    props: true,
    meta: { title: '事项详情' },
  },

  // Self-service kiosk: one layout route so the idle timer survives navigation.
  {
    path: '/kiosk',
    component: () => import('@/layouts/KioskLayout.vue'),
    children: [
      { path: '', name: 'kiosk', component: () => import('@/views/catalog/KioskHome.vue'), meta: { title: '自助终端' } },
      {
        path: 'events/:code',
        name: 'kiosk-event',
        component: () => import('@/views/catalog/KioskItems.vue'),
        props: (route) => ({ by: 'event', code: route.params.code }),
        meta: { title: '自助终端' },
      },
      {
        path: 'departments/:code',
        name: 'kiosk-department',
        component: () => import('@/views/catalog/KioskItems.vue'),
        props: (route) => ({ by: 'department', code: route.params.code }),
        meta: { title: '自助终端' },
      },
      {
        path: 'ticket',
        name: 'kiosk-ticket',
        component: () => import('@/views/queue/KioskTicket.vue'),
        meta: { title: '自助取号' },
      },
      {
        path: 'track',
        name: 'kiosk-track',
        component: () => import('@/views/cases/KioskTrack.vue'),
        meta: { title: '办件查询' },
      },
      {
        path: 'apply/:code',
        name: 'kiosk-apply',
        component: () => import('@/views/cases/KioskApply.vue'),
        props: true,
        meta: { title: '自助申报' },
      },
      {
        path: 'items/:code',
        name: 'kiosk-item',
        component: () => import('@/views/catalog/KioskItem.vue'),
        props: true,
        meta: { title: '自助终端' },
      },
    ],
  },

  // Staff terminals (login required; not built yet)
  {
    path: '/workbench',
    name: 'workbench',
    component: () => import('@/views/cases/WorkbenchView.vue'),
    meta: { title: '综合窗口工作台', requiresAuth: true },
  },
  {
    path: '/workbench/joint',
    name: 'workbench-joint',
    component: () => import('@/views/cases/joint/JointIntakeView.vue'),
    meta: { title: '一件事联办', requiresAuth: true },
  },
  // 联办进度: staff and logged-in residents directly, anyone else with the applicant's ID number
  {
    path: '/track/application/:number',
    name: 'track-application',
    component: () => import('@/views/cases/joint/TrackApplicationView.vue'),
    props: true,
    meta: { title: '联办进度查询' },
  },
  {
    path: '/workbench/supplement/:number?',
    name: 'window-case',
    component: () => import('@/views/cases/WindowCaseView.vue'),
    props: true,
    meta: { title: '窗口补件', requiresAuth: true },
  },
  {
    path: '/greeter',
    name: 'greeter',
    component: () => import('@/views/queue/GreeterView.vue'),
    meta: { title: '导办台', requiresAuth: true },
  },
  {
    path: '/backoffice',
    name: 'backoffice',
    component: () => import('@/views/cases/backoffice/BackofficeView.vue'),
    meta: { title: '后台审批', requiresAuth: true },
  },
  {
    path: '/issuance',
    name: 'issuance',
    component: () => import('@/views/cases/issuance/IssuanceView.vue'),
    meta: { title: '统一窗口出件', requiresAuth: true },
  },
  {
    path: '/rectifications',
    name: 'rectifications',
    component: () => import('@/views/cases/issuance/RectificationsView.vue'),
    meta: { title: '差评整改', requiresAuth: true },
  },
  {
    path: '/expert',
    name: 'expert',
    component: () => import('@/views/whistle/ExpertConsoleView.vue'),
    meta: { title: '专家坐席', requiresAuth: true },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/analytics/DashboardView.vue'),
    meta: { title: '管理驾驶舱', requiresAuth: true },
  },
  {
    path: '/dashboard/wall',
    name: 'dashboard-wall',
    component: () => import('@/views/analytics/DashboardWall.vue'),
    meta: { title: '驾驶舱大屏', requiresAuth: true },
  },

  // Administrators: 目录管理 (other staff see 无权限). One record for an item and for `new`,
  // so the editor's unsaved-changes guard sees every navigation away from it.
  {
    path: '/admin/catalog',
    name: 'admin-catalog',
    component: () => import('@/views/catalog/CatalogList.vue'),
    meta: { title: '目录管理', requiresAuth: true },
  },
  {
    path: '/admin/catalog/:code',
    name: 'admin-catalog-item',
    component: () => import('@/views/catalog/CatalogEditor.vue'),
    props: true,
    meta: { title: '目录管理 · 编辑事项', requiresAuth: true },
  },

  // 事项关联（顺便办）: curated relations, mined suggestions to accept or reject, district hiding
  {
    path: '/admin/relations',
    name: 'admin-relations',
    component: () => import('@/views/catalog/RelationAdmin.vue'),
    meta: { title: '事项关联', requiresAuth: true },
  },

  // 放假安排: a year's holidays and make-up days, loading a new year's schedule, the due date calculator
  {
    path: '/admin/calendar',
    name: 'admin-calendar',
    component: () => import('@/views/calendar/CalendarAdmin.vue'),
    meta: { title: '放假安排', requiresAuth: true },
  },

  // 部门系统对接: department business-system endpoints, hand-offs and 重新投递 of failed ones
  {
    path: '/admin/integration',
    name: 'admin-integration',
    component: () => import('@/views/integration/IntegrationAdmin.vue'),
    meta: { title: '部门系统对接', requiresAuth: true },
  },

  // 通知管理: the message list with 重新发送, templates, DingTalk / WeCom robot groups
  {
    path: '/admin/notify',
    name: 'admin-notify',
    component: () => import('@/views/notify/NotifyAdmin.vue'),
    meta: { title: '通知管理', requiresAuth: true },
  },
  // 统一支付: the counter's customer-facing screen (a second window on the monitor facing the
  // resident) and the administrators' reconciliation
  {
    path: '/counter/pay',
    name: 'counter-pay',
    component: () => import('@/views/payment/CounterPayScreen.vue'),
    meta: { title: '客户屏 · 统一支付', requiresAuth: true },
  },
  {
    path: '/admin/reconcile',
    name: 'admin-reconcile',
    component: () => import('@/views/payment/ReconcileAdmin.vue'),
    meta: { title: '统一支付对账', requiresAuth: true },
  },

  // Training (持证上岗): the QR exam page on the phone and the public certificate check need no
  // login; the QR display and the administrators' pages do.
  {
    path: '/exam/:token',
    name: 'exam',
    component: () => import('@/views/training/ExamView.vue'),
    props: true,
    meta: { title: '上岗考试' },
  },
  {
    path: '/verify/:code',
    name: 'verify',
    component: () => import('@/views/training/VerifyView.vue'),
    props: true,
    meta: { title: '上岗证核验' },
  },
  {
    path: '/training',
    name: 'training',
    component: () => import('@/views/training/TrainingView.vue'),
    meta: { title: '培训考试', requiresAuth: true },
  },
  {
    path: '/admin/training',
    name: 'admin-training',
    component: () => import('@/views/training/TrainingAdmin.vue'),
    meta: { title: '培训管理', requiresAuth: true },
  },
  // Training (courses, live sessions) and staff attendance (考勤)
  {
    path: '/training/courses',
    name: 'courses',
    component: () => import('@/views/training/CourseList.vue'),
    meta: { title: '培训课程', requiresAuth: true },
  },
  {
    path: '/training/courses/:code',
    name: 'course',
    component: () => import('@/views/training/CourseView.vue'),
    props: true,
    meta: { title: '培训课程', requiresAuth: true },
  },
  {
    path: '/training/sessions',
    name: 'training-sessions',
    component: () => import('@/views/training/SessionList.vue'),
    meta: { title: '培训安排', requiresAuth: true },
  },
  {
    path: '/training/sessions/:id',
    name: 'training-session',
    component: () => import('@/views/training/SessionView.vue'),
    props: true,
    meta: { title: '培训详情', requiresAuth: true },
  },
  {
    path: '/admin/courses/:code?',
    name: 'admin-courses',
    component: () => import('@/views/training/CourseAdmin.vue'),
    meta: { title: '课程管理', requiresAuth: true },
  },
  {
    path: '/attendance',
    name: 'attendance',
    component: () => import('@/views/attendance/MyAttendance.vue'),
    meta: { title: '考勤', requiresAuth: true },
  },
  {
    path: '/attendance/report',
    name: 'attendance-report',
    component: () => import('@/views/attendance/AttendanceReport.vue'),
    meta: { title: '考勤报表', requiresAuth: true },
  },
  {
    path: '/attendance/hall',
    name: 'attendance-hall',
    component: () => import('@/views/attendance/HallClockCode.vue'),
    meta: { title: '考勤二维码', requiresAuth: true },
  },
  // The phone page the hall's QR code opens (login first, then back here with the token).
  {
    path: '/m/clock',
    name: 'mobile-clock',
    component: () => import('@/views/attendance/MobileClock.vue'),
    meta: { title: '扫码考勤', requiresAuth: true },
  },

  // Hall display: a BOARD device account of the service point logs in once
  { path: '/board', name: 'board', component: () => import('@/views/queue/BoardView.vue'), meta: { title: '叫号屏', requiresAuth: true } },

  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/shell/NotFoundView.vue'), meta: { title: '页面不存在' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(to, from, saved) {
    if (saved) return saved
    if (to.path === from.path) return false
    return { top: 0 }
  },
})

router.beforeEach(async (to) => {
  // Learn who is logged in (once per token) so headers can show the staff name.
  // Public pages do not wait for it; staff pages do, and send strangers to the login page.
  if (!to.meta.requiresAuth) {
    ensureMe().catch(() => {})
    return true
  }
  try {
    await ensureMe()
  } catch {
    /* server unreachable: treated as not logged in */
  }
  if (!auth.me) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  return true
})

router.afterEach((to) => {
  const title = to.meta.title
  document.title = title ? `${title} - ${SITE}` : SITE
})

/** A safe in-app redirect target from `?redirect=` (no protocol-relative or external URLs). */
export function safeRedirect(value, fallback = '/workbench') {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback
  }
  return value
}

// After a redeploy, an open page may ask for lazy chunks that no longer exist: load the
// target page afresh (at most once a minute, so a broken deploy cannot loop).
function reloadOnce(path) {
  try {
    const last = Number(sessionStorage.getItem('owh.chunkReload') || 0)
    if (Date.now() - last < 60_000) return false
    sessionStorage.setItem('owh.chunkReload', String(Date.now()))
  } catch {
    /* storage disabled: reload anyway */
  }
  window.location.assign(path)
  return true
}

router.onError((err, to) => {
  const msg = String(err && err.message)
  if (/dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(msg)) {
    reloadOnce(to.fullPath)
  }
})
window.addEventListener('vite:preloadError', (event) => {
  if (reloadOnce(window.location.pathname + window.location.search)) event.preventDefault()
})
