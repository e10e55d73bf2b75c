/** Lab-session messages for co-teaching, seats by class and a screen opened large (English; the shape of the others). */
export const labTeamEn = {
  coTeach: {
    runBy: '{{name}} runs the session in {{lab}} since {{time}}.',
    teachers: 'Teachers: {{names}}',
    askToJoin: 'Ask to join as co-teacher',
    asked: 'Asked. You join as soon as a teacher of the session invites you.',
    asks: 'Asking to join',
    askFrom: '{{name}} asks to join ({{time}})',
    invite: 'Invite',
    inviteTitle: 'Invite a co-teacher',
    chooseTeacher: 'Teacher of the school',
    inviteNone: 'Nobody else in this school may teach lab sessions.',
    online: 'online',
    inSession: 'co-teaching',
  },
  byClass: {
    startClass: 'Class',
    noClass: 'No class',
    choose: 'Class',
    select: 'Select class',
    only: 'Show only this class',
    sessionClass: '{{name}} (this session)',
    none: 'No signed-in student of this class.',
  },
  focus: {
    open: 'Open the screen of {{seat}} large',
    live: 'Large view, refreshed every half second',
    waiting: 'Waiting for the large picture…',
  },
};
