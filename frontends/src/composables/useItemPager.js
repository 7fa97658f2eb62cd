import { ref, shallowRef } from 'vue'
import { gql } from '@/api/graphql'
import { ITEMS, ITEM_CURSORS } from '@/api/queries'

/** Drop empty fields so the server sees only the filters in use. */
export function cleanFilter(filter) {
  const out = {}
  for (const [k, v] of Object.entries(filter || {})) {
    if (v !== null && v !== undefined && v !== '') out[k] = v
  }
  return out
}

/**
 * Page-numbered browsing over the cursor-based `items` connection.
 * The server's cursors are opaque, so the after-cursor of every page seen is remembered
 * per filter; jumping ahead walks forward with a cursor-only query.
 */
export function useItemPager() {
  const items = shallowRef([])
  const total = ref(0)
  const page = ref(1)
  const loading = ref(false)
  const error = ref(null)
  const loaded = ref(false)
  const cache = new Map() // filter+size -> [afterCursorOfPage1 (null), afterCursorOfPage2, ...]
  let seq = 0

  async function load({ filter, pageSize, pageNumber }) {
    const mine = ++seq
    const f = cleanFilter(filter)
    const key = JSON.stringify([f, pageSize])
    let cursors = cache.get(key)
    if (!cursors) {
      cursors = [null]
      cache.set(key, cursors)
    }
    loading.value = true
    error.value = null
    try {
      let target = Math.max(0, pageNumber - 1)
      while (cursors.length <= target) {
        const d = await gql(ITEM_CURSORS, { first: pageSize, after: cursors[cursors.length - 1], filter: f })
        if (mine !== seq) return
        const info = d.items.pageInfo
        if (!info.hasNextPage || !info.endCursor) break
        cursors.push(info.endCursor)
      }
      target = Math.min(target, cursors.length - 1)
      const d = await gql(ITEMS, { first: pageSize, after: cursors[target], filter: f })
      if (mine !== seq) return
      const conn = d.items
      if (conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && cursors.length === target + 1) {
        cursors.push(conn.pageInfo.endCursor)
      }
      items.value = conn.edges.map((e) => e.node)
      total.value = conn.totalCount
      page.value = target + 1
      loaded.value = true
    } catch (err) {
      if (mine === seq) error.value = err
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function reset() {
    cache.clear()
  }

  return { items, total, page, loading, error, loaded, load, reset }
}

/** "Load more" browsing (mobile, kiosk lists). */
export function useItemFeed(pageSize = 20) {
  const items = shallowRef([])
  const total = ref(0)
  const hasMore = ref(false)
  const loading = ref(false)
  const error = ref(null)
  const loaded = ref(false)
  let endCursor = null
  let currentFilter = {}
  let seq = 0

  async function fetchPage(append) {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const d = await gql(ITEMS, { first: pageSize, after: append ? endCursor : null, filter: currentFilter })
      if (mine !== seq) return
      const conn = d.items
      const nodes = conn.edges.map((e) => e.node)
      items.value = append ? [...items.value, ...nodes] : nodes
      total.value = conn.totalCount
      hasMore.value = conn.pageInfo.hasNextPage
      endCursor = conn.pageInfo.endCursor
      loaded.value = true
    } catch (err) {
      if (mine === seq) error.value = err
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function load(filter) {
    currentFilter = cleanFilter(filter)
    endCursor = null
    return fetchPage(false)
  }

  function more() {
    if (hasMore.value && !loading.value) return fetchPage(true)
  }

  return { items, total, hasMore, loading, error, loaded, load, more, retry: () => fetchPage(false) }
}
