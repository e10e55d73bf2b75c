import type { labTeamEn } from './team-en.ts';

export const labTeamAz: typeof labTeamEn = {
  coTeach: {
    runBy: '{{name}} {{lab}} otağında dərsi {{time}}-dan aparır.',
    teachers: 'Müəllimlər: {{names}}',
    askToJoin: 'Köməkçi müəllim kimi qoşulmağı xahiş et',
    asked: 'Xahiş göndərildi. Dərsin müəllimi sizi dəvət edən kimi qoşulacaqsınız.',
    asks: 'Qoşulmaq istəyənlər',
    askFrom: '{{name}} qoşulmaq istəyir ({{time}})',
    invite: 'Dəvət et',
    inviteTitle: 'Köməkçi müəllim dəvət et',
    chooseTeacher: 'Məktəbin müəllimi',
    inviteNone: 'Bu məktəbdə başqa heç kim laboratoriya dərsi apara bilməz.',
    online: 'onlayn',
    inSession: 'dərsdədir',
  },
  byClass: {
    startClass: 'Sinif',
    noClass: 'Sinif seçilməyib',
    choose: 'Sinif',
    select: 'Sinfi seç',
    only: 'Yalnız bu sinfi göstər',
    sessionClass: '{{name}} (bu dərsin sinfi)',
    none: 'Bu sinifdən daxil olmuş şagird yoxdur.',
  },
  focus: {
    open: '{{seat}} ekranını böyüt',
    live: 'Böyük görünüş, hər yarım saniyədən bir yenilənir',
    waiting: 'Böyük şəkil gözlənilir…',
  },
};
