// Display helpers of the training pages: times in Asia/Shanghai, countdowns, certificate states.

const SHANGHAI = 'Asia/Shanghai'

function parts(iso, withTime) {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return null
  const opts = { timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' }
  if (withTime) Object.assign(opts, { hour: '2-digit', minute: '2-digit' })
  const out = {}
  for (const p of new Intl.DateTimeFormat('zh-CN', opts).formatToParts(d)) out[p.type] = p.value
  return out
}

/** "2026-12-01 21:15" in Shanghai time. */
export function shanghaiTime(iso) {
  if (!iso) return ''
  const p = parts(iso, true)
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : String(iso)
}

/** "2026-12-01" for a GraphQL Date (already a calendar day). */
export function dayText(value) {
  return value ? String(value).slice(0, 10) : ''
}

/** 1805 → "30:05"; 3725 → "1:02:05". */
export function clockText(seconds) {
  const s = Math.max(0, Math.floor(seconds))
  const pad = (n) => String(n).padStart(2, '0')
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`
}

export const CERT_TAG = { VALID: 'success', EXPIRED: 'warning', REVOKED: 'danger' }

/** Attempt status → Element Plus tag type. */
export function attemptTag(a) {
  if (a.status === 'SUBMITTED') return a.passed ? 'success' : 'danger'
  if (a.status === 'RUNNING') return 'primary'
  return 'info'
}

/** The Chinese messages of a failed GraphQL call (typed payload errors or a thrown error). */
export function messagesOf(err) {
  if (err && Array.isArray(err.errors) && err.errors.length) return err.errors.map((e) => e.message)
  return [err && err.message ? err.message : String(err)]
}
