// GraphQL documents of the queue: tickets, window calls, the hall board.

const TICKET_FIELDS = `
  id number categoryPrefix categoryName status statusLabel priority priorityLabel
  takenAt calledAt recalls ahead estimatedWaitMinutes windowNumber windowNumbers
`

export const QUEUE_CATEGORIES = `
  query QueueCategories($code: String!) {
    queueCategories(servicePointCode: $code) { id prefix name dailyCap }
    hall(servicePointCode: $code) { cursor queues { prefix name waiting } }
    hallOpening(servicePointCode: $code) { openNow kioskIssues nextOpeningText todayText hoursText }
  }
`

export const TAKE_TICKET = `
  mutation TakeTicket($input: TakeTicketInput!) {
    takeTicket(input: $input) {
      ticket { ${TICKET_FIELDS} token slipQrDataUrl rateQrDataUrl }
      errors { code field message }
    }
  }
`

export const HALL = `
  query Hall($code: String!) {
    hall(servicePointCode: $code) {
      cursor
      queues { prefix name waiting }
      recentCalls { number windowNumber windowName category text recall }
      windows { number name currentNumber }
      noShows
    }
  }
`

export const HALL_EVENTS = `
  subscription HallEvents($code: String!, $after: Int) {
    hallEvents(servicePointCode: $code, after: $after) {
      cursor kind at
      call { number windowNumber windowName category text recall }
      queues { prefix name waiting }
    }
  }
`

const SESSION_FIELDS = `
  window { id number name }
  categories { prefix name }
  startedAt
  current { ${TICKET_FIELDS} holder { name idNumber maskedIdNumber } preCheck { id itemCode itemName carriedMaterialIds answers { question value values } } }
`

export const MY_WINDOW = `
  query MyWindow($code: String!) {
    myWindow { ${SESSION_FIELDS} }
    servicePoint(code: $code) { windows { id number name kind } }
    queueCategories(servicePointCode: $code) { prefix name }
  }
`

export const SIGN_IN_WINDOW = `
  mutation SignInWindow($windowId: ID!, $prefixes: [String!]!, $move: Boolean! = false) {
    signInWindow(windowId: $windowId, prefixes: $prefixes, move: $move) {
      session { ${SESSION_FIELDS} }
      errors { code field message }
    }
  }
`

export const SIGN_OUT_WINDOW = `mutation { signOutWindow }`

const moved = (name, args = '') => `
  mutation { ${name}${args} {
    ticket { ${TICKET_FIELDS} holder { name idNumber maskedIdNumber } preCheck { id itemCode itemName carriedMaterialIds answers { question value values } } }
    errors { code field message }
  } }
`

export const CALL_NEXT = moved('callNext')
export const RECALL = moved('recallTicket')
export const NO_SHOW = moved('markNoShow')
export const START_SERVICE = moved('startService')
export const FINISH_SERVICE = moved('finishService')
export const TRANSFER = `
  mutation Transfer($prefix: String, $windowNumber: Int) {
    transferTicket(prefix: $prefix, windowNumber: $windowNumber) {
      ticket { number status }
      errors { code field message }
    }
  }
`

export const TICKET_BY_TOKEN = `
  query TicketByToken($token: String!) {
    ticketByToken(token: $token) { ${TICKET_FIELDS} holder { name idNumber maskedIdNumber } }
  }
`
