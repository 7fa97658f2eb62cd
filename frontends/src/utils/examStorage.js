// Where the phone keeps a QR exam between page loads: the session token the link was redeemed
// for (owh.exam.session.<link>) and the answers not yet confirmed by the hub
// (owh.exam.pending.<link>). Storage may be disabled or full: the page then keeps both in memory.

const SESSION_PREFIX = 'owh.exam.session.'
const PENDING_PREFIX = 'owh.exam.pending.'
const KEEP_MS = 24 * 3600 * 1000 // forget the sessions of earlier exams after a day

function storage() {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/** Drop the sessions (and their pending answers) of exams opened more than a day ago. */
export function forgetOldSessions() {
  const s = storage()
  if (!s) return
  try {
    for (let i = s.length - 1; i >= 0; i--) {
      const key = s.key(i)
      if (!key || !key.startsWith(SESSION_PREFIX)) continue
      const at = Number(JSON.parse(s.getItem(key) || '{}').at || 0)
      if (Date.now() - at > KEEP_MS) {
        s.removeItem(key)
        s.removeItem(key.replace(SESSION_PREFIX, PENDING_PREFIX))
      }
    }
  } catch {
    /* unreadable entries stay; they are harmless */
  }
}

/** The stored session and pending answers of one exam link. */
export function examStore(token) {
  const SESSION_KEY = `${SESSION_PREFIX}${token}`
  const PENDING_KEY = `${PENDING_PREFIX}${token}`
  let memorySession = '' // when storage is disabled: this page view only

  return {
    /** Answers saved on the phone but not yet confirmed by the hub: index → letters. */
    readPending() {
      try {
        return JSON.parse(storage()?.getItem(PENDING_KEY) || '{}')
      } catch {
        return {}
      }
    },
    writePending(pending) {
      const s = storage()
      if (!s) return
      try {
        if (Object.keys(pending).length) s.setItem(PENDING_KEY, JSON.stringify(pending))
        else s.removeItem(PENDING_KEY)
      } catch {
        /* storage full: the answers stay in memory until saved */
      }
    },
    clearPending() {
      storage()?.removeItem(PENDING_KEY)
    },
    sessionToken() {
      try {
        return JSON.parse(storage()?.getItem(SESSION_KEY) || '{}').token || memorySession
      } catch {
        return memorySession
      }
    },
    keepSession(value) {
      memorySession = value
      try {
        storage()?.setItem(SESSION_KEY, JSON.stringify({ token: value, at: Date.now() }))
      } catch {
        /* storage full or disabled: kept in memory */
      }
    },
    forgetSession() {
      storage()?.removeItem(SESSION_KEY)
      memorySession = ''
    },
  }
}
