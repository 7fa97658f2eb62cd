// Logged-in staff state shared by every page (a tiny reactive store, no Pinia).
import { reactive, readonly } from 'vue'
import { gql, getToken, setToken, clearToken } from '@/api/graphql'
import { ME, LOGIN, CHANGE_PASSWORD } from '@/api/queries'

const state = reactive({
  token: getToken(),
  me: null, // Staff or null
  loaded: false, // `me` has been asked for the current token
})

let pending = null

export const auth = readonly(state)

export function isLoggedIn() {
  return Boolean(state.token && state.me)
}

/** Load `me` once for the current token; clears a token the server no longer accepts. */
export async function ensureMe({ force = false } = {}) {
  state.token = getToken()
  if (!state.token) {
    state.me = null
    state.loaded = true
    return null
  }
  if (state.loaded && !force) return state.me
  if (!pending) {
    pending = gql(ME)
      .then((data) => {
        state.me = data.me
        if (!data.me) {
          // Expired or revoked token: forget it.
          clearToken()
          state.token = null
        }
        state.loaded = true
        return state.me
      })
      .catch((err) => {
        // Unauthenticated errors mean the token is no good; network errors keep it.
        if (!err.network) {
          clearToken()
          state.token = null
          state.me = null
          state.loaded = true
        }
        throw err
      })
      .finally(() => {
        pending = null
      })
  }
  return pending
}

/**
 * Log in. Resolves to `{ ok: true, staff }` or `{ ok: false, errors }` where
 * errors are the server's AuthError objects (Chinese messages); throws on transport errors.
 */
export async function login(username, password) {
  const data = await gql(LOGIN, { input: { username, password } })
  const payload = data.login
  if (payload.errors && payload.errors.length) return { ok: false, errors: payload.errors }
  if (!payload.token) return { ok: false, errors: [{ code: 'UNKNOWN', field: null, message: '登录失败，请稍后重试' }] }
  setToken(payload.token, payload.expiresAt)
  state.token = payload.token
  state.me = payload.staff
  state.loaded = Boolean(payload.staff)
  if (!payload.staff) await ensureMe({ force: true })
  return { ok: true, staff: state.me }
}

export function logout() {
  clearToken()
  state.token = null
  state.me = null
  state.loaded = true
}

export async function changePassword(oldPassword, newPassword) {
  const data = await gql(CHANGE_PASSWORD, { input: { oldPassword, newPassword } })
  return data.changePassword
}
