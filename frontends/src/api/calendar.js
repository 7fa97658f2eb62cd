// GraphQL documents of the working-day calendar (放假安排): a year's State Council schedule,
// loading a new year's, and the due date N working days after a day.

const YEAR = 'year source sourceLabel holidays { date name } workdays { date name }'

export const HOLIDAY_SCHEDULE = `
  query HolidaySchedule($year: Int!) { holidaySchedule(year: $year) { ${YEAR} } }
`

export const LOAD_HOLIDAY_SCHEDULE = `
  mutation LoadHolidaySchedule($year: Int!, $holidays: [NamedDateInput!]!, $workdays: [NamedDateInput!]!, $note: String!) {
    loadHolidaySchedule(year: $year, holidays: $holidays, workdays: $workdays, note: $note) {
      schedule { ${YEAR} }
      errors { code field message }
    }
  }
`

export const WORKING_DAY_DUE = `
  query WorkingDayDue($start: Date!, $days: Int!) { workingDayDue(start: $start, days: $days) { due provisional note } }
`
