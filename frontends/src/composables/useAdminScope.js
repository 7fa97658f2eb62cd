import { computed } from 'vue'
import { auth } from '@/stores/auth'
import { useQuery } from '@/composables/useQuery'
import { ADMIN_SCOPE } from '@/api/catalogAdmin'

/**
 * What the logged-in administrator may do in the catalog editor. A city-level administrator
 * (service point at the root of the tree) edits city-standard items; a district administrator
 * adds district-only items and district variants of city items.
 */
/** Whether the logged-in staff member is an administrator (from `me`, no request). */
export function useIsAdmin() {
  return computed(() => Boolean(auth.me && auth.me.roles && auth.me.roles.includes('ADMIN')))
}

export function useAdminScope() {
  const isAdmin = useIsAdmin()
  const { data, error, loading, refetch } = useQuery(ADMIN_SCOPE, {}, { enabled: () => isAdmin.value })
  const point = computed(() => data.value?.me?.servicePoint || null)
  const cityAdmin = computed(() => point.value?.level === 'CITY')
  const ready = computed(() => Boolean(point.value))
  return { isAdmin, cityAdmin, point, ready, error, loading, refetch }
}
