// Display helpers of training and attendance pages: Shanghai times, a small safe Markdown, CSV.

const TZ = 'Asia/Shanghai'

/** "2026-11-23 09:05" in Beijing time. */
export function shTime(iso, { seconds = false } = {}) {
  if (!iso) return '—'
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    second: seconds ? '2-digit' : undefined, hour12: false,
  }).formatToParts(new Date(iso))
  const v = Object.fromEntries(parts.map((p) => [p.type, p.value]))
  return `${v.year}-${v.month}-${v.day} ${v.hour}:${v.minute}${seconds ? ':' + v.second : ''}`
}

/** "09:05" in Beijing time. */
export function shClock(iso) {
  return iso ? shTime(iso).slice(11) : '—'
}

/** Today in Beijing as YYYY-MM-DD. */
export function shToday() {
  return shTime(new Date().toISOString()).slice(0, 10)
}

export const MARK_TAG = {
  NORMAL: 'success', LATE: 'warning', EARLY_LEAVE: 'warning', ABSENT: 'danger', MISSING_CLOCK_OUT: 'danger',
  NOT_YET: 'info', ON_DUTY: 'primary', REST: 'info', NOT_STARTED: 'info',
}
export const METHOD_LABEL = { QR: '扫码', WORKBENCH: '工作台' }

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
}

function inline(s) {
  return escapeHtml(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
}

/** A small Markdown subset (headings, lists, bold, code, paragraphs), HTML-escaped first. */
export function renderMarkdown(text) {
  const out = []
  let list = null
  let para = []
  const flushPara = () => {
    if (para.length) out.push(`<p>${para.map(inline).join('<br>')}</p>`)
    para = []
  }
  const flushList = () => {
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`)
    list = null
  }
  for (const raw of String(text || '').split('\n')) {
    const line = raw.trimEnd()
    let m
    if (!line.trim()) {
      flushPara()
      flushList()
    } else if ((m = line.match(/^(#{1,4})\s+(.*)$/))) {
      flushPara()
      flushList()
      const level = Math.min(m[1].length + 1, 5)
      out.push(`<h${level}>${inline(m[2])}</h${level}>`)
    } else if ((m = line.match(/^\s*(?:[-*]|(\d+)\.)\s+(.*)$/))) {
      flushPara()
      const tag = m[1] ? 'ol' : 'ul'
      if (!list || list.tag !== tag) {
        flushList()
        list = { tag, items: [] }
      }
      list.items.push(m[2])
    } else {
      flushList()
      para.push(line)
    }
  }
  flushPara()
  flushList()
  return out.join('\n')
}

/** Download rows as a CSV that Excel opens in UTF-8 (BOM). */
export function downloadCsv(filename, header, rows) {
  const cell = (v) => {
    const s = v == null ? '' : String(v)
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')
  const url = URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
