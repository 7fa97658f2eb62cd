// A logged-in resident (申请人) on PC or mobile: their token lives apart from the staff token,
// so a resident and a staff member on one browser never overwrite each other.
import { reactive, readonly } from 'vue'
import { gql } from '@/api/graphql'
import { CITIZEN_LOGIN, ME_CITIZEN, REGISTER_CITIZEN } from '@/api/cases'

const KEY = 'owh.citizenToken'
const EXPIRES_KEY = 'owh.citizenTokenExpiresAt'

function stored() {
  try {
    const token = localStorage.getItem(KEY)
    const expires = localStorage.getItem(EXPIRES_KEY)
    if (!token || (expires && Date.parse(expires) <= Date.now())) return null
    return token
  } catch {
    return null
  }
}

const state = reactive({ token: stored(), me: null })
export const citizen = readonly(state)

export function citizenToken() {
  state.token = stored()
  return state.token
}

function keep(payload) {
  try {
    localStorage.setItem(KEY, payload.token)
    if (payload.expiresAt) localStorage.setItem(EXPIRES_KEY, payload.expiresAt)
  } catch {
    /* storage disabled: logged in for this page only */
  }
  state.token = payload.token
  state.me = payload.citizen
}

/** Who is logged in (null when nobody or the token expired). */
export async function loadCitizen() {
  const token = citizenToken()
  if (!token) return null
  try {
    state.me = (await gql(ME_CITIZEN, {}, { token })).meCitizen
  } catch {
    state.me = null
  }
  if (!state.me) logoutCitizen()
  return state.me
}

/** Log in (or register and log in): `{ ok, errors }`. */
export async function citizenLogin(idNumber, password, register = null) {
  const data = register
    ? (await gql(REGISTER_CITIZEN, { input: { idNumber, password, ...register } }, { token: null })).registerCitizen
    : (await gql(CITIZEN_LOGIN, { idNumber, password }, { token: null })).citizenLogin
  if (data.errors.length) return { ok: false, errors: data.errors }
  keep(data)
  return { ok: true }
}

export function logoutCitizen() {
  try {
    localStorage.removeItem(KEY)
    localStorage.removeItem(EXPIRES_KEY)
  } catch {
    /* ignore */
  }
  state.token = null
  state.me = null
}
