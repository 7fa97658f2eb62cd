"""Attendance (考勤): the hall's opening hours, rotating clock-in codes, clock in and out, monthly
reports and who is on duty."""
