// 管理驾驶舱: the ECharts options of its charts, built from the analytics rows.

const PALETTE = ['#1f6feb', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c92a2a', '#5c7cfa', '#868e96']

/** 办件量走势: a line by day, bars by week or month; zoomable past 60 points. */
export function trendOption(rows, granularity) {
  return {
    color: PALETTE, tooltip: { trigger: 'axis' }, grid: { left: 50, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: { type: 'value', name: '件' },
    dataZoom: rows.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 16 }] : [],
    series: [{ type: granularity === 'DAY' ? 'line' : 'bar', name: '办件量', data: rows.map((r) => r.count), smooth: true }],
  }
}

/** A ring of { label, count } rows under a title. */
export function pieOption(rows, title) {
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
  return {
    color: PALETTE, tooltip: { trigger: 'axis', valueFormatter: (v) => `${v} 件/天` },
    legend: { top: 0, type: 'scroll' }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', name: '日', data: Array.from({ length: 31 }, (_, i) => `${i + 1}`) },
    yAxis: { type: 'value', name: '日均件数' },
    series: series.slice(1).map((x) => ({ type: 'line', name: x.label, data: x.values, smooth: true, symbolSize: 4 })),
  }
}

/** Each department's cases by hour, stacked, over the hours that have any. */
export function hourOption(series) {
  const hours = Array.from({ length: 24 }, (_, i) => i).filter((h) => series.some((x) => x.values[h] > 0))
  const hs = hours.length ? hours : [9, 10, 11, 14, 15, 16]
  return {
    color: PALETTE, tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', name: '时', data: hs.map((h) => `${h}:00`) },
    yAxis: { type: 'value', name: '件' },
    series: series.slice(1).map((x) => ({ type: 'bar', stack: 'h', name: x.label, data: hs.map((h) => x.values[h]) })),
  }
}

/** Regions with cases: daily average (bars) and cases per window and day against the threshold. */
export function regionOption(rows, th) {
  return {
    color: ['#1f6feb', '#e8590c'], tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: [{ type: 'value', name: '日均件数' }, { type: 'value', name: '每窗口每天' }],
    series: [
      { type: 'bar', name: '日均办件', data: rows.map((r) => r.dailyAverage) },
      { type: 'line', name: '每窗口每天受理', yAxisIndex: 1, data: rows.map((r) => r.casesPerWindowDay),
        markLine: { silent: true, data: [{ yAxis: th, name: '阈值' }], lineStyle: { color: '#c92a2a' }, label: { formatter: `阈值 ${th}` } } },
    ],
  }
}

/** Windows: served per day (bars) and average wait (line). */
export function windowOption(rows) {
  return {
    color: ['#2f9e44', '#e8590c'], tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 50, right: 50, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: rows.map((w) => `${w.servicePointName} ${w.name}`), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: [{ type: 'value', name: '日均办结' }, { type: 'value', name: '平均等候（分）' }],
    series: [
      { type: 'bar', name: '日均办结', data: rows.map((w) => w.servedPerDay) },
      { type: 'line', name: '平均等候', yAxisIndex: 1, data: rows.map((w) => w.times.avgWait) },
    ],
  }
}
