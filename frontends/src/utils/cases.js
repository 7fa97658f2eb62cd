// Display helpers of cases (办件) shared by the tracking, issuance and rectification pages.

export const STATUS_LABELS = {
  PREREVIEW: '网上预审中',
  PREREVIEWED: '预审通过，待窗口受理',
  RECEIVED: '已受理，待审批',
  IN_REVIEW: '审批中',
  SUPPLEMENT: '待补件',
  APPROVED: '审批通过，待出件',
  REJECTED: '不予许可',
  ISSUED: '已出件',
}

export const STATUS_TYPES = {
  PREREVIEW: 'info',
  PREREVIEWED: 'info',
  RECEIVED: 'primary',
  IN_REVIEW: 'primary',
  SUPPLEMENT: 'warning',
  APPROVED: 'success',
  REJECTED: 'danger',
  ISSUED: 'success',
}

export const TERMINAL_LABELS = {
  COUNTER: '窗口',
  PC: '电脑端',
  MOBILE: '手机端',
  KIOSK: '自助终端',
  GRID: '网格员上门',
  SYSTEM: '系统',
  BACK_OFFICE: '后台',
  DEPARTMENT: '部门业务系统',
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

/** 2026/01/05 10:30 in Asia/Shanghai. */
export function shanghaiTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : ''
}

/** The local datetime-local value (Asia/Shanghai) of an ISO time, and back. */
export function toLocalInput(iso) {
  const d = iso ? new Date(iso) : new Date()
  const s = new Date(d.getTime() + 8 * 3600 * 1000).toISOString()
  return s.slice(0, 16)
}
export function fromLocalInput(value) {
  return value ? new Date(`${value}:00+08:00`).toISOString() : null
}

/** What one audit row says beyond its action, in words a resident may read. */
export function logSummary(entry) {
  const d = entry.detail || {}
  switch (entry.action) {
    case 'ISSUE':
      if (d.method === 'COURIER') return `${d.courier || '快递'} 运单号 ${d.trackingNumber || ''}`
      if (d.method === 'GRID') return `交网格员 ${d.gridWorker || ''} 送达`
      return d.agent ? `代领人 ${d.agent.name} 凭委托书领取` : `${d.recipient || '申请人'}本人领取（已核验身份证）`
    case 'DELIVERED':
      return d.signedName ? `签收人 ${d.signedName}` : '已送达'
    case 'EVALUATE':
      return d.comment ? `${d.label}：${d.comment}` : d.label || ''
    case 'RECTIFIED':
      return d.callbackResultLabel || ''
    case 'REQUEST_SUPPLEMENT':
    case 'PREREVIEW_RETURN':
      return d.note || ''
    case 'APPROVE':
    case 'REJECT':
    case 'REFUSE':
      return d.note || d.reason || ''
    default:
      return ''
  }
}
