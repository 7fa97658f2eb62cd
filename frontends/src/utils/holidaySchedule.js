// The State Council's holiday schedule as text (国务院办公厅关于某年部分节假日安排的通知) turned into
// rows, and rows back into the dates the hub stores. Pure functions, no Vue.
//
// Accepted, one holiday per line (the notice's own wording, or a shorthand):
//   二、春节：2月6日（农历除夕、周六）至13日（农历正月初七、周六）放假调休，共8天。2月14日（周日）、2月20日（周六）上班。
//   元旦 1月1日–3日
//   国庆节 2027-10-01 至 2027-10-07；调休上班 9月26日、10月9日
// A sentence that mentions 上班 / 补班 lists make-up working days; the others list rest days.

const DAY = String.raw`(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`
const NOTE = String.raw`(?:\s*[（(][^）)]*[）)])?`
const END = String.raw`(?:\s*(?:至|到|-|–|—|~|～)\s*(?:(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*)?(\d{1,2})\s*日?${NOTE})?`
const RANGE = new RegExp(`${DAY}${NOTE}${END}`, 'g')
const WORK = /上班|补班/
const NUMBERING = /^\s*(?:[一二三四五六七八九十]+|\d+)\s*[、.．)）]\s*/

const pad = (n) => String(n).padStart(2, '0')
export const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`

function validDate(y, m, d) {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

function addDays(isoDate, n) {
  const [y, m, d] = isoDate.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/** Weekday of an ISO date, 0 = Monday … 6 = Sunday. */
export function weekday(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number)
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
}

/**
 * Text → { holidays: [{ name, from, to }], workdays: [{ date, name }], problems: [string] }.
 * Dates without a year take `year`; an end without a month takes the start's month.
 */
export function parseSchedule(text, year) {
  const holidays = []
  const workdays = []
  const problems = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (!line) return
    let body = line.replace(NUMBERING, '')
    let name = ''
    const colon = body.search(/[：:]/)
    if (colon > 0 && colon <= 12) {
      name = body.slice(0, colon).trim()
      body = body.slice(colon + 1)
    } else {
      const lead = body.match(/^([^\d\s]+)\s*/)
      if (lead && !WORK.test(lead[1])) {
        name = lead[1]
        body = body.slice(lead[0].length)
      }
    }
    let found = 0
    const before = problems.length
    for (const sentence of body.split(/[。；;]/)) {
      const work = WORK.test(sentence)
      for (const m of sentence.matchAll(RANGE)) {
        const y1 = Number(m[1] || year)
        const m1 = Number(m[2])
        const d1 = Number(m[3])
        if (!validDate(y1, m1, d1)) {
          problems.push(`第 ${index + 1} 行：${m[0].trim()} 不是有效日期`)
          continue
        }
        const from = iso(y1, m1, d1)
        if (work) {
          workdays.push({ date: from, name: name || '调休上班' })
          found += 1
          continue
        }
        let to = from
        if (m[6]) {
          const y2 = Number(m[4] || y1)
          const m2 = Number(m[5] || m1)
          const d2 = Number(m[6])
          if (!validDate(y2, m2, d2)) {
            problems.push(`第 ${index + 1} 行：${m[0].trim()} 的结束日期无效`)
            continue
          }
          to = iso(y2, m2, d2)
          if (to < from) {
            problems.push(`第 ${index + 1} 行：${m[0].trim()} 结束日期早于开始日期`)
            continue
          }
        }
        holidays.push({ name: name || '节假日', from, to })
        found += 1
      }
    }
    if (!found && problems.length === before) problems.push(`第 ${index + 1} 行没有识别到日期：${line}`)
  })
  return { holidays, workdays, problems }
}

/** Holiday rows (ranges) → one { date, name } per day. */
export function expandHolidays(rows) {
  const out = []
  for (const r of rows) {
    if (!r.from) continue
    const to = r.to && r.to >= r.from ? r.to : r.from
    for (let d = r.from; d <= to; d = addDays(d, 1)) out.push({ date: d, name: r.name.trim() })
    if (out.length > 400) break
  }
  return out
}

/** Stored { date, name } days → ranges of consecutive days with the same name (for editing). */
export function collapseHolidays(days) {
  const rows = []
  for (const h of [...days].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const last = rows[rows.length - 1]
    if (last && last.name === h.name && addDays(last.to, 1) === h.date) last.to = h.date
    else rows.push({ name: h.name, from: h.date, to: h.date })
  }
  return rows
}

// 元旦, 劳动节 (1–2 May), 国庆节 (1–3 Oct): the dates the hub assumes for a year not published yet.
export const FIXED_HOLIDAYS = { '01-01': '元旦', '05-01': '劳动节', '05-02': '劳动节', '10-01': '国庆节', '10-02': '国庆节', '10-03': '国庆节' }
