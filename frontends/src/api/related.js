// Related items (办好一件事，主动办好一串事 · 顺便办): the offers after a case, what a second intake
// carries over, the catalogue's relations and the administrator's decisions on mined suggestions.

export const OFFER_FIELDS = 'id itemCode itemName reason state stateLabel takenCaseNumber online'

export const CASE_OFFERS = `
  query CaseOffers($id: ID!) { case(id: $id) { id number relatedOffers { ${OFFER_FIELDS} } } }
`

export const RELATED_CARRY = `
  query RelatedCarry($offerId: ID!) {
    relatedCarry(offerId: $offerId) {
      offerId fromCaseNumber itemCode itemName reason idNumber name phone address creditCode companyName answers
      materials { materialId name originalSeen files { fileId filename } }
    }
  }
`

const RELATION_FIELDS = `id fromCode fromName toCode toName reason source sourceLabel status statusLabel scope scopeLabel
  support confidence version decidedBy decidedAt minedAt`

export const ITEM_RELATIONS = `
  query ItemRelations($status: RelationStatus, $source: RelationSource, $first: Int) {
    itemRelations(status: $status, source: $source, first: $first) { ${RELATION_FIELDS} }
  }
`

export const CREATE_RELATION = `
  mutation CreateItemRelation($from: String!, $to: String!, $reason: String!) {
    createItemRelation(fromCode: $from, toCode: $to, reason: $reason) {
      relation { ${RELATION_FIELDS} } errors { code field message }
    }
  }
`

export const DECIDE_RELATION = `
  mutation DecideItemRelation($id: ID!, $accept: Boolean!, $version: Int!, $reason: String!) {
    decideItemRelation(id: $id, accept: $accept, version: $version, reason: $reason) {
      relation { ${RELATION_FIELDS} } errors { code field message }
    }
  }
`

export const HIDE_RELATION = `
  mutation HideItemRelation($id: ID!, $hidden: Boolean!) {
    hideItemRelation(id: $id, hidden: $hidden) { relation { id } errors { code field message } }
  }
`

export const MINE_RELATIONS = `
  mutation MineItemRelations { mineItemRelations { pairs suggested updated skipped errors { code message } } }
`

export const OFFER_STATS = `
  query RelatedOfferStats($from: Date!, $to: Date!) {
    relatedOfferStats(dateFrom: $from, dateTo: $to) { itemCode itemName offered taken }
  }
`
