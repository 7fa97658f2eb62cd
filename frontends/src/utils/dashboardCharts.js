// 管理驾驶舱: the ECharts options of its charts, built from the analytics rows.

const PALETTE = ['#1f6feb', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c92a2a', '#5c7cfa', '#868e96']

// Charts must read honestly on sparse data (a new hall, a narrow filter): the axis starts at
// the first period with cases, lines are never smoothed (a smoothed line turns one busy day
// into a bell curve), few filled periods are drawn as bars with a note, none as "数据不足".
const SPARSE = 3 // fewer periods with cases than this: bars and a 数据不足 note
const UNITS = { DAY: '天', WEEK: '周', MONTH: '个月' }
const NOTE = { fontSize: 12, color: '#999', fontWeight: 'normal' }

/** The periods from the first one with cases on (empty ones after it are real zeros). */
export function fromFirstData(rows) {
  const first = (rows || []).findIndex((r) => r.count > 0)
  return first < 0 ? [] : rows.slice(first)
}

/** No chart at all, only the words: nothing to draw would look like a broken chart. */
export function insufficientOption(text = '数据不足') {
  return {
    title: { text, left: 'center', top: 'middle', textStyle: { ...NOTE, fontSize: 18 } },
    xAxis: { show: false }, yAxis: { show: false }, series: [],
  }
}

/** 办件量走势: a line by day, bars by week or month (or when sparse); zoomable past 60 points. */
export function trendOption(rows, granularity) {
  const shown = fromFirstData(rows)
  const filled = shown.filter((r) => r.count > 0).length
  if (filled === 0) return insufficientOption('数据不足：所选区间没有办件')
  const sparse = filled < SPARSE
  return {
    color: PALETTE, tooltip: { trigger: 'axis' }, grid: { left: 50, right: 20, top: 30, bottom: 40 },
    title: sparse ? { text: `数据不足：仅 ${filled} ${UNITS[granularity] || '个时段'}有办件`, right: 10, top: 0, textStyle: NOTE } : undefined,
    xAxis: { type: 'category', data: shown.map((r) => r.label) },
    yAxis: { type: 'value', name: '件', minInterval: 1 },
    dataZoom: shown.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 16 }] : [],
    series: [{
      type: granularity === 'DAY' && !sparse ? 'line' : 'bar', name: '办件量', data: shown.map((r) => r.count),
      smooth: false, symbolSize: 6, barMaxWidth: 48,
    }],
  }
}

/** A ring of { label, count } rows under a title. */
export function pieOption(rows, title) {
  if (!(rows || []).some((r) => r.count > 0)) return insufficientOption(`${title}：数据不足`)
  return {
    color: PALETTE, tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '48%'], data: (rows || []).map((r) => ({ name: r.label, value: r.count })) }],
  }
}

/** 好差评分布, green to red. */
export function satisfactionOption(rows) {
  return {
    ...pieOption(rows, '好差评分布'),
    color: ['#2f9e44', '#74b816', '#f08c00', '#e8590c', '#c92a2a'],
  }
}

/** Each department's daily average by day of the month (the first series, the total, left out). */
export function dayOfMonthOption(series) {
  if (!series.slice(1).some((x) => x.values.some((v) => v > 0))) return insufficientOption()
  return {
    color: PALETTE, tooltip: { trigger: 'axis', valueFormatter: (v) => `${v} 件/天` },
    legend: { top: 0, type: 'scroll' }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', name: '日', data: Array.from({ length: 31 }, (_, i) => `${i + 1}`) },
    yAxis: { type: 'value', name: '日均件数' },
    series: series.slice(1).map((x) => ({ type: 'line', name: x.label, data: x.values, smooth: false, symbolSize: 5 })),
  }
}

/** Each department's cases by hour, stacked, over the hours that have any. */
export function hourOption(series) {
  if (!series.slice(1).some((x) => x.values.some((v) => v > 0))) return insufficientOption()
  const hours = Array.from({ length: 24 }, (_, i) => i).filter((h) => series.some((x) => x.values[h] > 0))
  const hs = hours.length ? hours : [9, 10, 11, 14, 15, 16]
  return {
    color: PALETTE, tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', name: '时', data: hs.map((h) => `${h}:00`) },
    yAxis: { type: 'value', name: '件' },
    series: series.slice(1).map((x) => ({ type: 'bar', stack: 'h', name: x.label, data: hs.map((h) => x.values[h]), barMaxWidth: 64 })),
  }
}

/** Regions with cases: daily average (bars) and cases per window and day against the threshold. */
export function regionOption(rows, th) {
  if (!rows.length) return insufficientOption()
  return {
    color: ['#1f6feb', '#e8590c'], tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: [{ type: 'value', name: '日均件数' }, { type: 'value', name: '每窗口每天' }],
    series: [
      { type: 'bar', name: '日均办件', data: rows.map((r) => r.dailyAverage), barMaxWidth: 64 },
      { type: 'line', name: '每窗口每天受理', yAxisIndex: 1, data: rows.map((r) => r.casesPerWindowDay),
        markLine: { silent: true, data: [{ yAxis: th, name: '阈值' }], lineStyle: { color: '#c92a2a' }, label: { formatter: `阈值 ${th}` } } },
    ],
  }
}

/** Windows: served per day (bars) and average wait (line). */
export function windowOption(rows) {
  if (!rows.length) return insufficientOption()
  return {
    color: ['#2f9e44', '#e8590c'], tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: rows.map((w) => `${w.servicePointName} ${w.name}`), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: [{ type: 'value', name: '日均办结' }, { type: 'value', name: '平均等候（分）' }],
    series: [
      { type: 'bar', name: '日均办结', data: rows.map((w) => w.servedPerDay), barMaxWidth: 64 },
      { type: 'line', name: '平均等候', yAxisIndex: 1, data: rows.map((w) => w.times.avgWait) },
    ],
  }
}
