// GraphQL documents of courses, training sessions and staff attendance (人员考勤).

const MATERIAL = 'id kind kindLabel title text markdown url contentType size filename'
const COURSE = `code title summary departmentCode published sort updatedAt completedAt completionCount
  materials { ${MATERIAL} }`
const ATTENDEE = 'staffId name servicePointName departmentName attended attendedAt signIn signInLabel'
const SESSION = `id title courseCode courseTitle organiserPointName startsAt endsAt place streamUrl
  rosterCount attendedCount manages myAttendance { ${ATTENDEE} } attendees { ${ATTENDEE} }`
const DAY = `day staffId staffName servicePointCode servicePointName periods clockInAt clockInMethod
  clockOutAt clockOutMethod marks markLabels lateMinutes earlyLeaveMinutes absentMinutes workedMinutes
  scheduledMinutes`
const TOTALS = `workDays attendedDays normalDays lateCount lateMinutes earlyCount earlyMinutes absentDays
  absentMinutes missingClockOut workedMinutes`

export const COURSES = `query Courses($all: Boolean!) { courses(includeUnpublished: $all) { ${COURSE} } }`
export const COURSE_DETAIL = `query Course($code: String!) { course(code: $code) { ${COURSE} } }`
export const SAVE_COURSE = `mutation SaveCourse($input: CourseInput!) {
  saveCourse(input: $input) { course { ${COURSE} } errors { code field message } } }`
export const ADD_MATERIAL = `mutation AddMaterial($code: String!, $input: CourseMaterialInput!) {
  addCourseMaterial(courseCode: $code, input: $input) { course { ${COURSE} } errors { code field message } } }`
export const REMOVE_MATERIAL = `mutation RemoveMaterial($id: ID!) {
  removeCourseMaterial(materialId: $id) { course { ${COURSE} } errors { code field message } } }`
export const COMPLETE_COURSE = `mutation CompleteCourse($code: String!) {
  completeCourse(code: $code) { course { ${COURSE} } errors { code field message } } }`

export const SESSIONS = `query Sessions($past: Boolean!) { trainingSessions(includePast: $past) { ${SESSION} } }`
export const SESSION_DETAIL = `query Session($id: ID!) { trainingSession(id: $id) { ${SESSION} } }`
export const SCHEDULE_SESSION = `mutation Schedule($input: TrainingSessionInput!) {
  scheduleTrainingSession(input: $input) { session { ${SESSION} } errors { code field message } } }`
export const SIGN_IN_SESSION = `mutation SignIn($id: ID!) {
  signInTrainingSession(id: $id) { session { ${SESSION} } errors { code field message } } }`
export const MARK_ATTENDANCE = `mutation Mark($id: ID!, $staff: [ID!]!, $attended: Boolean!) {
  markSessionAttendance(id: $id, staffIds: $staff, attended: $attended) { session { ${SESSION} }
    errors { code field message } } }`
export const COVERAGE = `query Coverage($course: String!, $point: String) {
  trainingCoverage(courseCode: $course, servicePointCode: $point) { staffId name servicePointName trained
    attendedAt completedAt } }`
export const STAFF_PICK = `query StaffPick { staffMembers(first: 100) { edges { node { id name roles
  servicePoint { name } } } } }`
export const SCOPE_POINTS = `query ScopePoints($parent: String) { servicePoints(parentCode: $parent) { code name } }`
export const DEPARTMENTS = `query Departments { departments { code name } }`

export const CLOCK_CODE = `query ClockCode($point: String!) { clockCode(servicePointCode: $point) {
  servicePointCode servicePointName url qrDataUrl expiresAt refreshSeconds } }`
export const CLOCK_CODE_POINT = `query ClockCodePoint($token: String!) { clockCodePoint(token: $token) {
  servicePointCode servicePointName centreName } }`
export const CLOCK_IN = `mutation ClockIn($token: String) { clockIn(token: $token) { alreadyClockedIn
  record { ${DAY} } errors { code field message } } }`
export const CLOCK_OUT = `mutation ClockOut($token: String) { clockOut(token: $token) { alreadyClockedIn
  record { ${DAY} } errors { code field message } } }`
export const MY_ATTENDANCE = `query MyAttendance($month: String) { myAttendance(month: $month) { ${DAY} } }`
export const OPENING_HOURS = `query Hours($point: String!) { openingHours(servicePointCode: $point) { text inherited
  graceMinutes } }`
export const ATTENDANCE_DAY = `query AttendanceDay($day: Date, $point: String) {
  attendanceDay(day: $day, servicePointCode: $point) { ${DAY} } }`
export const ATTENDANCE_MONTH = `query AttendanceMonth($month: String!, $point: String) {
  attendanceMonth(month: $month, servicePointCode: $point) { month until
    people { staffId staffName servicePointName totals { ${TOTALS} } }
    servicePoints { servicePointCode servicePointName staffCount totals { ${TOTALS} } } } }`
