// 管理驾驶舱: how figures are written (rates, counts, minutes, seconds, Shanghai times) and the
// columns of its tables (DataTable: { key, label, width?, format?(value, row), align? }).

export const pct = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`)
export const num = (v) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('zh-CN'))
export const min = (v) => (v === null || v === undefined ? '—' : `${v} 分钟`)
export const sec = (v) => (v === null || v === undefined ? '—' : `${Math.round(v)} 秒`)
export const shTime = (v) => (v ? new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—')

const timeCols = [
  { key: 'avgWait', label: '平均等候(分)', format: (_, r) => r.times.avgWait, align: 'right' },
  { key: 'p50Wait', label: '等候中位数(分)', format: (_, r) => r.times.p50Wait, align: 'right' },
  { key: 'p90Wait', label: '等候P90(分)', format: (_, r) => r.times.p90Wait, align: 'right' },
  { key: 'avgHandle', label: '平均办理(分)', format: (_, r) => r.times.avgHandle, align: 'right' },
  { key: 'p90Handle', label: '办理P90(分)', format: (_, r) => r.times.p90Handle, align: 'right' },
]
export const regionCols = [
  { key: 'name', label: '区域 / 服务点', width: 150 },
  { key: 'cases', label: '办件量', align: 'right' },
  { key: 'dailyAverage', label: '日均', align: 'right' },
  { key: 'windows', label: '窗口数', align: 'right' },
  { key: 'casesPerWindowDay', label: '每窗口每天', align: 'right' },
  { key: 'instantRate', label: '即办率', format: pct, align: 'right' },
  { key: 'onTimeRate', label: '按期率', format: pct, align: 'right' },
  { key: 'ratingAverage', label: '平均评价', align: 'right' },
  { key: 'unhappy', label: '差评', align: 'right' },
  ...timeCols.slice(0, 3),
]
export const windowCols = [
  { key: 'servicePointName', label: '服务点', width: 120 },
  { key: 'name', label: '窗口', width: 130 },
  { key: 'called', label: '叫号', align: 'right' },
  { key: 'served', label: '办结', align: 'right' },
  { key: 'noShow', label: '过号', align: 'right' },
  { key: 'days', label: '开窗天数', align: 'right' },
  { key: 'servedPerDay', label: '日均办结', align: 'right' },
  ...timeCols,
]
export const labelTimeCols = (title) => [{ key: 'label', label: title, width: 180 }, { key: 'count', label: '人次', format: (_, r) => r.times.count, align: 'right' }, ...timeCols]
export const itemCols = [{ key: 'label', label: '事项', width: 260 }, { key: 'count', label: '办件量', align: 'right' }, { key: 'share', label: '占比', format: pct, align: 'right' }]
export const overdueCols = [
  { key: 'number', label: '办件编号', width: 150 }, { key: 'itemName', label: '事项', width: 200 },
  { key: 'department', label: '部门' }, { key: 'servicePointName', label: '受理点', width: 110 },
  { key: 'statusLabel', label: '状态' }, { key: 'dueOn', label: '承诺办结日' },
  { key: 'daysOverdue', label: '超期天数', align: 'right' }, { key: 'assignee', label: '承办人' },
]
export const unhappyCols = [
  { key: 'createdAt', label: '时间', format: shTime, width: 150 }, { key: 'levelLabel', label: '评价' },
  { key: 'comment', label: '内容', width: 180 }, { key: 'servicePointName', label: '服务点', width: 110 },
  { key: 'department', label: '部门' }, { key: 'itemName', label: '事项', width: 180 },
  { key: 'caseNumber', label: '办件编号', width: 150 }, { key: 'rectification', label: '整改' },
]
export const rectCols = [
  { key: 'servicePointName', label: '服务点', width: 110 }, { key: 'levelLabel', label: '差评' },
  { key: 'comment', label: '内容', width: 180 }, { key: 'caseNumber', label: '办件编号', width: 150 },
  { key: 'dueOn', label: '整改期限' }, { key: 'overdue', label: '已逾期', format: (v) => (v ? '是' : '否') },
  { key: 'assignee', label: '责任人' },
]
export const busyCols = [
  { key: 'servicePointName', label: '服务点', width: 120 }, { key: 'day', label: '日期' },
  { key: 'cases', label: '窗口受理', align: 'right' }, { key: 'windows', label: '开放窗口', align: 'right' },
  { key: 'perWindow', label: '每窗口件数', align: 'right' },
]
export const whistleCols = [
  { key: 'label', label: '部门' }, { key: 'calls', label: '吹哨次数', align: 'right' },
  { key: 'answered', label: '已接单', align: 'right' }, { key: 'escalated', label: '上报管理者', align: 'right' },
  { key: 'avgResponseSeconds', label: '平均响应', format: sec, align: 'right' },
  { key: 'p50ResponseSeconds', label: '响应中位数', format: sec, align: 'right' },
  { key: 'p90ResponseSeconds', label: '响应P90', format: sec, align: 'right' },
  { key: 'avgResolutionSeconds', label: '平均解决', format: sec, align: 'right' },
]
export const attendanceCols = [
  { key: 'servicePointName', label: '服务点', width: 120 }, { key: 'people', label: '人数', align: 'right' },
  { key: 'workDays', label: '应出勤人天', align: 'right' }, { key: 'attendedDays', label: '实出勤人天', align: 'right' },
  { key: 'lateCount', label: '迟到', align: 'right' }, { key: 'earlyCount', label: '早退', align: 'right' },
  { key: 'absentDays', label: '缺勤', align: 'right' }, { key: 'missingClockOut', label: '未签退', align: 'right' },
]
