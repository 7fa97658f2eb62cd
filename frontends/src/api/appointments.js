// GraphQL documents of appointments (网上预约): calendar, booking, 我的预约, kiosk check-in.

const APPOINTMENT_FIELDS = `
  code status statusLabel servicePointCode servicePointName address categoryPrefix categoryName
  day dayLabel startsAt endsAt slotLabel checkInFrom checkInUntil name maskedIdNumber maskedPhone
  ticketNumber itemCode itemName whatToBring qrDataUrl
`

export const APPOINTMENT_POINTS = `
  query AppointmentPoints {
    appointmentServicePoints { code name centreName address hours categories { prefix name slotCapacity departmentCodes } }
  }
`

export const APPOINTMENT_DAYS = `
  query AppointmentDays($code: String!, $prefix: String!) {
    appointmentDays(servicePointCode: $code, prefix: $prefix) { day label open note remaining }
  }
`

export const APPOINTMENT_SLOTS = `
  query AppointmentSlots($code: String!, $prefix: String!, $day: Date!) {
    appointmentSlots(servicePointCode: $code, prefix: $prefix, day: $day) {
      startsAt endsAt label capacity remaining bookable
    }
  }
`

export const BOOK_APPOINTMENT = `
  mutation BookAppointment($input: BookAppointmentInput!) {
    bookAppointment(input: $input) {
      appointment { ${APPOINTMENT_FIELDS} }
      errors { code field message }
    }
  }
`

export const FIND_APPOINTMENT = `
  query FindAppointment($code: String!, $idNumber: String!) {
    findAppointment(code: $code, idNumber: $idNumber) {
      appointment { ${APPOINTMENT_FIELDS} }
      errors { code field message }
    }
  }
`

export const CANCEL_APPOINTMENT = `
  mutation CancelAppointment($code: String!, $idNumber: String!) {
    cancelAppointment(code: $code, idNumber: $idNumber) {
      appointment { ${APPOINTMENT_FIELDS} }
      errors { code field message }
    }
  }
`

export const CHECK_IN_APPOINTMENT = `
  mutation CheckInAppointment($code: String!, $servicePointCode: String!) {
    checkInAppointment(servicePointCode: $servicePointCode, code: $code) {
      ticket {
        number categoryPrefix categoryName status statusLabel priority priorityLabel
        takenAt calledAt recalls ahead estimatedWaitMinutes windowNumber windowNumbers itemName token slipQrDataUrl
      }
      appointment { code slotLabel dayLabel name }
      errors { code field message }
    }
  }
`

// The item a booking is made for (from its tailored checklist): its department picks the queue.
export const BOOKING_ITEM = `
  query BookingItem($code: String!) {
    item(code: $code) { code name department { code name } }
  }
`
