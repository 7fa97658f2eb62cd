// The counter's intake from a greeter's pre-check (导办): when the window serves a ticket that
// carries one, open its item with the answers given at the door (the checklist reads them from
// the URL, as for a shared checklist link). Once per pre-check: the clerk may then change anything.
import { watch } from 'vue'
import { gql } from '@/api/graphql'
import { ITEM_BRIEF } from '@/api/intake'

/** {questionCode: "value" | ["value", …]}: the `?answers=` form of a pre-check's answers. */
export function preCheckAnswers(preCheck) {
  return Object.fromEntries((preCheck?.answers || []).map((a) => [a.question, a.values ?? a.value]))
}

/** The material ids the greeter ticked, when the intake is for the pre-checked item. */
export function preCheckedIds(ticket, itemCode) {
  const pc = ticket?.preCheck
  return pc && pc.itemCode === itemCode ? pc.carriedMaterialIds : []
}

/** Calls `open(item, answers)` once for each pre-checked ticket `ticket()` returns. */
export function usePreCheckPrefill(ticket, open) {
  const applied = new Set()
  watch(
    () => ticket()?.preCheck,
    async (pc) => {
      if (!pc || applied.has(pc.id)) return
      applied.add(pc.id)
      try {
        const item = (await gql(ITEM_BRIEF, { code: pc.itemCode })).item
        if (item) await open(item, preCheckAnswers(pc))
      } catch {
        // the clerk chooses the item by hand (F1), as without a pre-check
      }
    },
    { immediate: true },
  )
}
