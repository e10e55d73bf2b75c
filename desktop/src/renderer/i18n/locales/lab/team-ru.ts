import type { labTeamEn } from './team-en.ts';

export const labTeamRu: typeof labTeamEn = {
  coTeach: {
    runBy: '{{name}} ведёт занятие в {{lab}} с {{time}}.',
    teachers: 'Учителя: {{names}}',
    askToJoin: 'Попросить подключить вторым учителем',
    asked: 'Просьба отправлена. Вы подключитесь, как только учитель занятия вас пригласит.',
    asks: 'Просят подключить',
    askFrom: '{{name}} просит подключить ({{time}})',
    invite: 'Пригласить',
    inviteTitle: 'Пригласить второго учителя',
    chooseTeacher: 'Учитель школы',
    inviteNone: 'Больше никто в этой школе не может вести занятия в компьютерном классе.',
    online: 'в сети',
    inSession: 'ведёт занятие',
  },
  byClass: {
    startClass: 'Класс',
    noClass: 'Без класса',
    choose: 'Класс',
    select: 'Выбрать класс',
    only: 'Показывать только этот класс',
    sessionClass: '{{name}} (класс занятия)',
    none: 'Нет вошедших учеников этого класса.',
  },
  focus: {
    open: 'Открыть экран {{seat}} крупно',
    live: 'Крупный вид, обновляется каждые полсекунды',
    waiting: 'Ждём крупное изображение…',
  },
};
