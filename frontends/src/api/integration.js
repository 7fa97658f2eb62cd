// GraphQL documents of 部门系统对接 (administrators): each department's business-system endpoint
// (push URL, active flag, the last four characters of the signing secret, delivery counts), the
// hand-offs (transactional outbox) and sending a DEAD one again.

const ENDPOINT = 'url active secretHint updatedAt pending delivered dead callbackPath department { code name shortName }'
const MESSAGE = `id caseNumber event status statusLabel attempts nextAttemptAt lastError createdAt deliveredAt
  department { code shortName }`

export const INTEGRATION_OVERVIEW = `
  query IntegrationOverview {
    departments { code name shortName }
    departmentEndpoints { ${ENDPOINT} }
  }
`

export const OUTBOX_MESSAGES = `
  query OutboxMessages($status: OutboxStatus, $departmentCode: String) {
    outboxMessages(status: $status, departmentCode: $departmentCode, first: 100) { ${MESSAGE} }
  }
`

export const CONFIGURE_DEPARTMENT_ENDPOINT = `
  mutation ConfigureDepartmentEndpoint($input: DepartmentEndpointInput!) {
    configureDepartmentEndpoint(input: $input) {
      endpoint { ${ENDPOINT} }
      errors { code field message }
    }
  }
`

export const RETRY_OUTBOX_MESSAGE = `
  mutation RetryOutboxMessage($id: ID!) {
    retryOutboxMessage(id: $id) {
      message { ${MESSAGE} }
      errors { code field message }
    }
  }
`
