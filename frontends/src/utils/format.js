// Display helpers shared by the terminals.

export const CHANNEL_MODE_LABEL = {
  ONLINE: '全程网办',
  PREREVIEW: '网上预审',
  NONE: '不可办',
}

export const TERMINAL_CHANNELS = [
  { key: 'pc', label: '网上办', terminal: 'PC', hint: '电脑端网站' },
  { key: 'mobile', label: '掌上办', terminal: 'MOBILE', hint: '手机端 H5' },
  { key: 'kiosk', label: '自助办', terminal: 'KIOSK', hint: '24 小时自助终端' },
]

/** Channel tags of an item: [{ label, mode, type }] for the terminals where it can be done. */
export function channelTags(channels) {
  if (!channels) return []
  const tags = []
  for (const ch of TERMINAL_CHANNELS) {
    const mode = channels[ch.key]
    if (mode && mode !== 'NONE') {
      tags.push({
        key: ch.key,
        label: `${ch.label}·${CHANNEL_MODE_LABEL[mode]}`,
        mode,
        type: mode === 'ONLINE' ? 'success' : 'warning',
      })
    }
  }
  return tags
}

/** The promised time limit as the server words it ("即办" / "3个工作日"), computed as a fallback. */
export function limitLabel(item) {
  if (!item) return ''
  if (item.timeLimitLabel) return item.timeLimitLabel
  if (item.kind === 'INSTANT' || !item.promisedTimeLimitDays) return '即办'
  return `${item.promisedTimeLimitDays} 个工作日`
}

/** 办结时限 line of the six elements. */
export function timeLimitText(item) {
  const legal = item.legalTimeLimitDays ? `法定 ${item.legalTimeLimitDays} 个工作日` : '法定 即办'
  return `${legal} / 承诺 ${limitLabel(item)}`
}

export function kindTagType(kind) {
  return kind === 'INSTANT' ? 'success' : 'primary'
}
