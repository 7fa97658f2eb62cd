// GraphQL documents of notifications: 我的消息 and the SMS setting (residents), and for
// administrators the message list with 重新发送, templates (versions, preview, SMS length) and
// the DingTalk / WeCom robot groups.

const MESSAGE = `id event title body link channel channelLabel status statusLabel reason recipient
  caseNumber templateVersion attempts createdAt sentAt deliveredAt readAt`

export const MY_MESSAGES = `
  query MyMessages($before: ID) {
    myMessages(first: 20, before: $before) { unread messages { ${MESSAGE} } }
    myNotifySettings { sms }
  }
`

export const MARK_MESSAGES_READ = `
  mutation MarkMessagesRead($ids: [ID!]) {
    markMessagesRead(ids: $ids) { changed unread }
  }
`

export const SET_NOTIFY_SETTINGS = `
  mutation SetNotifySettings($sms: Boolean!) {
    setNotifySettings(sms: $sms) { settings { sms } errors { code field message } }
  }
`

export const NOTIFICATIONS = `
  query Notifications($channel: NotifyChannel, $status: NotifyStatus, $event: String, $since: DateTime,
                      $until: DateTime, $recipient: String, $caseNumber: String, $before: ID) {
    notifications(channel: $channel, status: $status, event: $event, since: $since, until: $until,
                  recipient: $recipient, caseNumber: $caseNumber, first: 50, before: $before) { ${MESSAGE} }
  }
`

export const RESEND_NOTIFICATION = `
  mutation ResendNotification($id: ID!) {
    resendNotification(id: $id) { notification { ${MESSAGE} } errors { code field message } }
  }
`

const TEMPLATE = `event eventLabel audience channel body version enabled providerCode smsChars smsSegments
  variables { name description sample }`

export const NOTIFY_TEMPLATES = `query NotifyTemplates { notifyTemplates { ${TEMPLATE} } }`

export const TEMPLATE_VERSIONS = `
  query TemplateVersions($event: String!, $channel: NotifyChannel!) {
    notifyTemplateVersions(event: $event, channel: $channel) { version body enabled note createdBy createdAt }
  }
`

export const PREVIEW_TEMPLATE = `
  mutation PreviewTemplate($event: String!, $channel: NotifyChannel!, $body: String!, $caseNumber: String) {
    previewNotifyTemplate(event: $event, channel: $channel, body: $body, caseNumber: $caseNumber) {
      preview { text chars segments caseNumber } errors { code field message }
    }
  }
`

export const SAVE_TEMPLATE = `
  mutation SaveTemplate($event: String!, $channel: NotifyChannel!, $body: String!, $enabled: Boolean!,
                        $note: String!, $providerCode: String!) {
    saveNotifyTemplate(event: $event, channel: $channel, body: $body, enabled: $enabled, note: $note,
                       providerCode: $providerCode) {
      template { ${TEMPLATE} } errors { code field message }
    }
  }
`

const GROUP = 'id name channel departmentCode departmentName pointCode pointName supervisors webhookHint hasSecret active'

export const ROBOT_GROUPS = `
  query RobotGroups { robotGroups { ${GROUP} } departments { code name shortName } }
`

export const SAVE_ROBOT_GROUP = `
  mutation SaveRobotGroup($input: RobotGroupInput!) {
    saveRobotGroup(input: $input) { group { ${GROUP} } errors { code field message } }
  }
`

export const CHANNELS = [
  { value: 'SMS', label: '短信' },
  { value: 'INAPP', label: '站内消息' },
  { value: 'DINGTALK', label: '钉钉群' },
  { value: 'WECOM', label: '企业微信群' },
]

export const STATUSES = [
  { value: 'QUEUED', label: '待发送' },
  { value: 'SENT', label: '已发送' },
  { value: 'DELIVERED', label: '已送达' },
  { value: 'FAILED', label: '发送失败' },
  { value: 'SUPPRESSED', label: '未发送' },
]

export const STATUS_TAG = { QUEUED: 'warning', SENT: 'primary', DELIVERED: 'success', FAILED: 'danger', SUPPRESSED: 'info' }

/** SMS length as the hub counts it: 70 characters in one message, else parts of 67. */
export function smsSegments(chars) {
  if (chars <= 0) return 0
  return chars <= 70 ? 1 : Math.ceil(chars / 67)
}
