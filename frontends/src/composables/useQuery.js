import { ref, shallowRef, watch, onBeforeUnmount, unref } from 'vue'
import { gql } from '@/api/graphql'

/**
 * Run a GraphQL query reactively. `variables` may be a ref/getter; the query re-runs when it changes.
 * Returns { data, error, loading, refetch }. Stale answers (from older variables) are dropped.
 */
export function useQuery(query, variables = () => ({}), { immediate = true, enabled = () => true } = {}) {
  const data = shallowRef(null)
  const error = ref(null)
  const loading = ref(false)
  let controller = null
  let seq = 0

  async function refetch() {
    if (!enabled()) return
    const mine = ++seq
    if (controller) controller.abort()
    controller = new AbortController()
    loading.value = true
    error.value = null
    try {
      const vars = typeof variables === 'function' ? variables() : unref(variables)
      const result = await gql(query, vars, { signal: controller.signal })
      if (mine === seq) data.value = result
    } catch (err) {
      if (err && err.name === 'AbortError') return
      if (mine === seq) error.value = err
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  if (immediate) {
    watch(
      () => JSON.stringify(typeof variables === 'function' ? variables() : unref(variables)),
      () => refetch(),
      { immediate: true },
    )
  }
  onBeforeUnmount(() => {
    seq++
    if (controller) controller.abort()
  })

  return { data, error, loading, refetch }
}
