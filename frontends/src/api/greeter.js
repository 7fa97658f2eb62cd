// GraphQL documents of the greeter's pre-check (导办) at the hall door.

const PRE_CHECK_FIELDS = `
  id itemCode itemName outcome outcomeLabel insisted createdAt noticeUrl carriedMaterialIds
  answers { question value values }
  missing { materialId name }
  ticketNumber
`

export const SUBMIT_PRE_CHECK = `
  mutation SubmitPreCheck($input: SubmitPreCheckInput!) {
    submitPreCheck(input: $input) {
      preCheck { ${PRE_CHECK_FIELDS} }
      ticket { id number categoryName priorityLabel ahead estimatedWaitMinutes windowNumbers itemName slipQrDataUrl }
      errors { code field message }
    }
  }
`

export const MY_PRE_CHECKS_TODAY = `
  query MyPreChecksToday { myPreChecksToday { ${PRE_CHECK_FIELDS} } }
`
