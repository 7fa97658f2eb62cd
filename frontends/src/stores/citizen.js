// The logged-in resident (申请人) on the PC and mobile pages: a token of its own, kept apart from
// a staff member's on the same browser, and the profile (name, own ID number).
import { reactive, readonly } from 'vue'
import { gql } from '@/api/graphql'

const KEY = 'owh.citizenToken'
const EXPIRES = 'owh.citizenTokenExpiresAt'
const state = reactive({ token: read(), profile: null, loaded: false })

export const citizen = readonly(state)

function read() {
  try {
    const token = localStorage.getItem(KEY)
    const until = localStorage.getItem(EXPIRES)
    if (token && until && Date.parse(until) <= Date.now()) return null
    return token
  } catch {
    return null
  }
}

export function citizenToken() {
  return state.token
}

const PROFILE = 'query { meCitizen { name idNumber maskedIdNumber } }'
const FIELDS = 'token expiresAt citizen { name idNumber maskedIdNumber } errors { code field message }'
export const REGISTER = `mutation Register($input: RegisterCitizenInput!) { registerCitizen(input: $input) { ${FIELDS} } }`
export const REQUEST_CODE = `mutation RequestLoginCode($phone: String!, $key: String) { requestLoginCode(phone: $phone, idempotencyKey: $key) { maskedPhone expiresInSeconds resendAfterSeconds errors { code field message } } }`
export const LOGIN_WITH_CODE = `mutation LoginWithCode($phone: String!, $code: String!) { loginWithCode(phone: $phone, code: $code) { ${FIELDS} } }`
export const LOGIN = `mutation Login($id: String!, $pw: String!) { citizenLogin(idNumber: $id, password: $pw) { ${FIELDS} } }`

/** The logged-in resident's profile, or null (once per token). */
export async function ensureCitizen() {
  if (!state.token) {
    state.profile = null
    state.loaded = true
    return null
  }
  if (state.loaded) return state.profile
  try {
    state.profile = (await gql(PROFILE, {}, { token: state.token })).meCitizen
  } catch {
    state.profile = null
  }
  if (!state.profile) logoutCitizen()
  state.loaded = true
  return state.profile
}

function keep(payload) {
  if (!payload.token) return payload.errors
  try {
    localStorage.setItem(KEY, payload.token)
    if (payload.expiresAt) localStorage.setItem(EXPIRES, payload.expiresAt)
  } catch {
    /* storage disabled: logged in for this page only */
  }
  state.token = payload.token
  state.profile = payload.citizen
  state.loaded = true
  return []
}

/** Register (and log in); resolves to the errors ([] when done). */
export async function registerCitizen(input) {
  return keep((await gql(REGISTER, { input }, { token: null })).registerCitizen)
}

export async function loginCitizen(idNumber, password) {
  return keep((await gql(LOGIN, { id: idNumber, pw: password }, { token: null })).citizenLogin)
}

/** Ask for an SMS login code; resolves to the payload (errors [] when sent). */
export async function requestLoginCode(phone, key) {
  return (await gql(REQUEST_CODE, { phone, key }, { token: null })).requestLoginCode
}

/** Log in with the SMS code; resolves to the errors ([] when done). */
export async function loginWithCode(phone, code) {
  return keep((await gql(LOGIN_WITH_CODE, { phone, code }, { token: null })).loginWithCode)
}

export function logoutCitizen() {
  try {
    localStorage.removeItem(KEY)
    localStorage.removeItem(EXPIRES)
  } catch {
    /* ignore */
  }
  state.token = null
  state.profile = null
}
