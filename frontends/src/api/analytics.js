// 管理驾驶舱 queries: one per section of the page, all over the same filter.
const TIMES = 'times { count avgWait p50Wait p90Wait avgHandle p50Handle p90Handle }'

export const OVERVIEW = `
  query DashboardOverview($f: AnalyticsFilterInput) {
    analytics(filter: $f) {
      scope { regionCode regionName regionLevel parentCode servicePointCode servicePointName departmentName itemName dateFrom dateTo }
      summary {
        cases days dailyAverage instant instantRate decided firstTime firstTimeRate onTime late onTimeRate
        openOverdue ratings ratingAverage satisfactionRate unhappy ${TIMES}
      }
      livePoints
    }
  }
`

export const TODAY = `
  query DashboardToday($f: AnalyticsFilterInput) {
    analytics(filter: $f) { today { day cases tickets waiting served avgWait openWindows at } }
  }
`

export const TRENDS = `
  query DashboardTrends($f: AnalyticsFilterInput, $g: Granularity!) {
    analytics(filter: $f) {
      casesOverTime(granularity: $g) { key label count }
      channels: casesBy(dimension: CHANNEL) { key label count share }
      departments: casesBy(dimension: DEPARTMENT) { key label count share }
      statuses: casesBy(dimension: STATUS) { key label count share }
      items: casesBy(dimension: ITEM) { key label count share }
    }
  }
`

export const PEAKS = `
  query DashboardPeaks($f: AnalyticsFilterInput) {
    analytics(filter: $f) {
      peaksByDayOfMonth { key label values total }
      peaksByHour { key label values total }
    }
  }
`

export const REGIONS = `
  query DashboardRegions($f: AnalyticsFilterInput) {
    analytics(filter: $f) {
      regions {
        code name level isSelf hasChildren cases dailyAverage counterCases windows casesPerWindowDay
        instantRate onTimeRate ratings ratingAverage unhappy ${TIMES}
      }
      windows { windowId name servicePointCode servicePointName called served noShow days servedPerDay ${TIMES} }
    }
  }
`

export const TIMES_BY = `
  query DashboardTimes($f: AnalyticsFilterInput) {
    analytics(filter: $f) {
      byPoint: waitingTimes(by: SERVICE_POINT) { key label ${TIMES} }
      byItem: waitingTimes(by: ITEM) { key label ${TIMES} }
      preCheckEffect {
        preChecks sentHome sentHomeRate insisted
        withPreCheck { tickets avgMinutes p50Minutes }
        withoutPreCheck { tickets avgMinutes p50Minutes }
      }
    }
  }
`

export const QUALITY = `
  query DashboardQuality($f: AnalyticsFilterInput) {
    analytics(filter: $f) {
      overdueCases(first: 100) { number itemName department servicePointName statusLabel acceptedAt dueOn daysOverdue assignee }
      satisfaction { key label count share }
      unhappyRatings(first: 100) { createdAt level levelLabel comment servicePointName department caseNumber itemName rectification }
      openRectifications(first: 100) { id servicePointName levelLabel comment caseNumber dueOn overdue assignee createdAt }
    }
  }
`

export const STAFFING = `
  query DashboardStaffing($f: AnalyticsFilterInput, $threshold: Int!) {
    analytics(filter: $f) {
      staffingAdvice(threshold: $threshold) {
        threshold
        busyDays { servicePointCode servicePointName day cases windows perWindow }
        windows { servicePointCode servicePointName days busyDays dailyAverage windows perWindow busyDayCases suggestedWindows extraWindows text }
        experts { departmentCode department firstDay lastDay peakAverage usualAverage factor extraWindows nextDates text }
      }
      whistle { key label calls answered escalated avgResponseSeconds p50ResponseSeconds p90ResponseSeconds avgResolutionSeconds }
      attendance { servicePointCode servicePointName people workDays attendedDays lateCount earlyCount absentDays missingClockOut }
    }
  }
`

export const DEPARTMENTS = `query { departments { code shortName } }`
