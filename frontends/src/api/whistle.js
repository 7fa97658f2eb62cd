// GraphQL documents of the whistle (窗口吹哨): the counter panel and the expert console.

export const CALL_FIELDS = `
  id status statusLabel itemCode itemName topic departmentCode departmentName question caseRef
  callerId callerName servicePointName expertId expertName raisedAt acceptedAt resolvedAt
  escalated escalationReason answer resolvedByName responseSeconds resolutionSeconds
`
const MESSAGE_FIELDS = 'id authorId authorName role text sentAt'

export const WHISTLE_ITEMS = `
  query WhistleItems($keyword: String) {
    items(first: 20, filter: { keyword: $keyword }) {
      edges { node { code name department { code shortName } } }
    }
    departments { code name shortName }
  }
`

export const MY_WHISTLE_CALLS = `query MyWhistleCalls { myWhistleCalls { ${CALL_FIELDS} } }`

export const WHISTLE_DESK = `query WhistleDesk { whistleDesk { mode cursor calls { ${CALL_FIELDS} } } }`

export const WHISTLE_CALL = `
  query WhistleCall($callId: ID!) {
    whistleCall(callId: $callId) { cursor call { ${CALL_FIELDS} } messages { ${MESSAGE_FIELDS} } }
  }
`

export const WHISTLE_ANSWERS = `
  query WhistleAnswers($itemCode: String!) {
    whistleAnswers(itemCode: $itemCode, first: 5) { id question answer expertName resolvedAt }
  }
`

export const RAISE_WHISTLE = `
  mutation RaiseWhistle($input: RaiseWhistleInput!) {
    raiseWhistle(input: $input) { call { ${CALL_FIELDS} } errors { code field message } }
  }
`

export const ACCEPT_WHISTLE = `
  mutation AcceptWhistle($callId: ID!) {
    acceptWhistle(callId: $callId) { call { ${CALL_FIELDS} } errors { code field message } }
  }
`

export const SEND_WHISTLE_MESSAGE = `
  mutation SendWhistleMessage($callId: ID!, $text: String!) {
    sendWhistleMessage(callId: $callId, text: $text) { message { ${MESSAGE_FIELDS} } errors { code message } }
  }
`

export const RESOLVE_WHISTLE = `
  mutation ResolveWhistle($callId: ID!, $answer: String!) {
    resolveWhistle(callId: $callId, answer: $answer) { call { ${CALL_FIELDS} } errors { code field message } }
  }
`

export const WHISTLE_DESK_EVENTS = `
  subscription WhistleDeskEvents($after: Int) {
    whistleDeskEvents(after: $after) { cursor kind at call { ${CALL_FIELDS} } }
  }
`

export const WHISTLE_CALL_EVENTS = `
  subscription WhistleCallEvents($callId: ID!, $after: Int) {
    whistleCallEvents(callId: $callId, after: $after) {
      cursor kind at call { ${CALL_FIELDS} } message { ${MESSAGE_FIELDS} }
    }
  }
`

/** "1 分 30 秒" for a number of seconds. */
export function duration(seconds) {
  if (seconds == null) return '—'
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  return m ? `${m} 分 ${s} 秒` : `${s} 秒`
}

/** "10:05" in Shanghai time. */
export function clockTime(iso) {
  if (!iso) return ''
  return new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })
}
