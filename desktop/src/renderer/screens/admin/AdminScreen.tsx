import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, Seat, UserSummary } from '@sinif/shared';
import { SessionBar, type MainView } from '../../components/SessionBar.tsx';
import type { AdminSection } from '../../permissions.ts';
import { AuditTab } from './AuditTab.tsx';
import { ClassesTab } from './ClassesTab.tsx';
import { DevicesTab } from './DevicesTab.tsx';
import { EnrolmentCodesTab } from './EnrolmentCodesTab.tsx';
import { LabsTab } from './LabsTab.tsx';
import { RegionsTab } from './RegionsTab.tsx';
import { SchoolsTab } from './SchoolsTab.tsx';
import { UsersTab } from './UsersTab.tsx';

interface AdminScreenProps {
  info: AppInfo & { seat: Seat; user: UserSummary };
  /** The sections this person may see, in tab order (never empty). */
  sections: AdminSection[];
  view: { current: MainView; onChange: (view: MainView) => void };
}

/** Administration: labs, enrolment codes, PCs, people, classes, audit (and a region admin's regions and schools), one tab each. */
export function AdminScreen({ info, sections, view }: AdminScreenProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<AdminSection>(sections[0] ?? 'labs');
  const current = sections.includes(chosen) ? chosen : (sections[0] ?? 'labs');

  return (
    <>
      <SessionBar info={info} view={view} />
      <main className="admin" data-testid="admin-screen">
        <h1>{t('admin.title')}</h1>
        <div className="tabs" role="tablist" aria-label={t('admin.sections')}>
          {sections.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`admin-tab-${id}`}
              aria-controls="admin-panel"
              aria-selected={current === id}
              data-testid={`admin-tab-${id}`}
              onClick={() => setChosen(id)}
            >
              {t(`admin.${id}.tab`)}
            </button>
          ))}
        </div>
        <section role="tabpanel" id="admin-panel" aria-labelledby={`admin-tab-${current}`} className="admin-panel">
          <SectionPanel section={current} user={info.user} />
        </section>
      </main>
    </>
  );
}

function SectionPanel({ section, user }: { section: AdminSection; user: UserSummary }) {
  switch (section) {
    case 'labs':
      return <LabsTab user={user} />;
    case 'codes':
      return <EnrolmentCodesTab user={user} />;
    case 'devices':
      return <DevicesTab user={user} />;
    case 'users':
      return <UsersTab user={user} />;
    case 'classes':
      return <ClassesTab user={user} />;
    case 'regions':
      return <RegionsTab user={user} />;
    case 'schools':
      return <SchoolsTab />;
    case 'audit':
      return <AuditTab />;
    default: {
      const never: never = section;
      return never;
    }
  }
}
