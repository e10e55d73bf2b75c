import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostArgs, LabTargets } from '@sinif/shared';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLabCommand } from '../../lab-queries.ts';
import { parseAllowlist } from './allowlist-input.ts';

type Command = HostArgs<'lab.command'>['command'];

/** The teacher's site allowlist: only these sites (and what the teacher pushes) open on the seats, or all sites again. */
export function AllowlistForm({ targets }: { targets: LabTargets }) {
  const { t } = useTranslation();
  const command = useLabCommand();
  const [text, setText] = useState('');
  const parsed = parseAllowlist(text);
  const send = (body: Command) => command.mutate({ targets, command: body });
  return (
    <div className="inline-form">
      <label>
        {t('lab.allowlist.label')}
        <input value={text} maxLength={4000} placeholder="wikipedia.org, *.edu.az" onChange={(e) => setText(e.target.value)} data-testid="allowlist-input" />
      </label>
      <button
        type="button"
        data-testid="cmd-allowlist"
        disabled={parsed.hostnames.length === 0 || parsed.invalid.length > 0}
        onClick={() => send({ kind: 'setAllowlist', hostnames: parsed.hostnames })}
      >
        🛡 {t('lab.allowlist.apply')}
      </button>
      <button type="button" data-testid="cmd-allowlist-clear" onClick={() => send({ kind: 'setAllowlist', hostnames: null })}>
        {t('lab.allowlist.clear')}
      </button>
      {parsed.invalid.length > 0 && (
        <span className="error" role="alert">
          {t('lab.allowlist.invalid', { names: parsed.invalid.join(', ') })}
        </span>
      )}
      <ErrorMessage error={command.error} />
    </div>
  );
}
