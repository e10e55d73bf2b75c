import type { labTeamEn } from './team-en.ts';

export const labTeamHy: typeof labTeamEn = {
  coTeach: {
    runBy: '{{name}}-ը վարում է դասը {{lab}}-ում՝ {{time}}-ից։',
    teachers: 'Ուսուցիչներ՝ {{names}}',
    askToJoin: 'Խնդրել միանալ որպես օգնական ուսուցիչ',
    asked: 'Խնդրանքն ուղարկված է։ Կմիանաք, հենց որ դասի ուսուցիչը ձեզ հրավիրի։',
    asks: 'Միանալ ցանկացողներ',
    askFrom: '{{name}}-ը խնդրում է միանալ ({{time}})',
    invite: 'Հրավիրել',
    inviteTitle: 'Հրավիրել օգնական ուսուցչի',
    chooseTeacher: 'Դպրոցի ուսուցիչ',
    inviteNone: 'Այս դպրոցում ուրիշ ոչ ոք չի կարող լաբորատոր դաս վարել։',
    online: 'առցանց',
    inSession: 'դասում է',
  },
  byClass: {
    startClass: 'Դասարան',
    noClass: 'Առանց դասարանի',
    choose: 'Դասարան',
    select: 'Ընտրել դասարանը',
    only: 'Ցույց տալ միայն այս դասարանը',
    sessionClass: '{{name}} (այս դասի դասարանը)',
    none: 'Այս դասարանից մուտք գործած աշակերտ չկա։',
  },
  focus: {
    open: 'Բացել {{seat}}-ի էկրանը մեծ',
    live: 'Մեծ տեսք, թարմացվում է ամեն կես վայրկյան',
    waiting: 'Սպասում ենք մեծ պատկերին…',
  },
};
