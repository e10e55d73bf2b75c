import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { grantableRoles, type AdminUser, type Role, type UserSummary } from '@sinif/shared';
import { useCreateUser, useDisableUser, useEnableUser, useResetPassword, useUsers } from '../../admin-queries.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { mayInOwnSchool } from '../../permissions.ts';
import { RosterImport } from './RosterImport.tsx';

/** People of the school: list, create one, import a roster, disable/enable, reset a password. */
export function UsersTab({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const users = useUsers();
  const disable = useDisableUser();
  const enable = useEnableUser();
  const reset = useResetPassword();
  const mayDisable = mayInOwnSchool(user, 'user.disable');
  const mayReset = mayInOwnSchool(user, 'user.resetPassword');
  const [resetFor, setResetFor] = useState<string | null>(null);

  return (
    <div className="admin-section" data-testid="users-tab">
      {mayInOwnSchool(user, 'user.create') && <NewUserForm user={user} />}
      {mayInOwnSchool(user, 'user.import') && <RosterImport />}
      <ErrorMessage error={disable.error ?? enable.error ?? reset.error ?? users.error} />
      {reset.data && resetFor && (
        <div className="new-secret" role="status" data-testid="reset-password-result">
          <p>{t('admin.users.oneTimePassword', { username: resetFor })}</p>
          <p className="big-code">{reset.data.initialPassword}</p>
        </div>
      )}
      {users.data && (
        <table className="admin-table" data-testid="user-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.users.username')}</th>
              <th scope="col">{t('admin.users.displayName')}</th>
              <th scope="col">{t('admin.users.roles')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              {(mayDisable || mayReset) && <th scope="col">{t('admin.users.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((person) => (
              <UserRow
                key={person.id}
                person={person}
                isSelf={person.id === user.id}
                onToggle={mayDisable ? () => (person.disabled ? enable : disable).mutate({ userId: person.id }) : undefined}
                onReset={
                  mayReset
                    ? () => {
                        setResetFor(person.username);
                        reset.mutate({ userId: person.id });
                      }
                    : undefined
                }
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface UserRowProps {
  person: AdminUser;
  isSelf: boolean;
  onToggle: (() => void) | undefined;
  onReset: (() => void) | undefined;
}

function UserRow({ person, isSelf, onToggle, onReset }: UserRowProps) {
  const { t } = useTranslation();
  return (
    <tr data-testid="user-row" data-username={person.username}>
      <td>{person.username}</td>
      <td>{person.displayName}</td>
      <td>{person.roles.map((role) => t(`admin.users.roleNames.${role}`)).join(', ')}</td>
      <td>
        {person.disabled ? t('admin.users.disabled') : t('admin.users.active')}
        {person.mustChangePassword && <span className="muted"> · {t('admin.users.mustChange')}</span>}
      </td>
      {(onToggle || onReset) && (
        <td className="row-actions">
          {onToggle && !isSelf && (
            <button type="button" onClick={onToggle}>
              {person.disabled ? t('admin.users.enable') : t('admin.users.disable')}
            </button>
          )}
          {onReset && (
            <button type="button" onClick={onReset}>
              {t('admin.users.resetPassword')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

function NewUserForm({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const roles = [...new Set(user.roles.flatMap((role) => grantableRoles[role]))];
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(roles.includes('student') ? 'student' : (roles[0] ?? 'student'));
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { username: username.trim(), displayName: displayName.trim(), roles: [role], ...(password ? { password } : {}) },
      {
        onSuccess: () => {
          setUsername('');
          setDisplayName('');
          setPassword('');
        },
      },
    );
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label={t('admin.users.createTitle')}>
      <label>
        {t('admin.users.username')}
        <input value={username} onChange={(e) => setUsername(e.target.value)} required minLength={2} maxLength={64} autoComplete="off" />
      </label>
      <label>
        {t('admin.users.displayName')}
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={120} />
      </label>
      <label>
        {t('admin.users.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`admin.users.roleNames.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.users.password')}
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          minLength={8}
          maxLength={256}
          autoComplete="new-password"
          title={t('admin.users.passwordHint')}
        />
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('admin.users.create')}
      </button>
      <ErrorMessage error={create.error} />
      {create.data?.initialPassword && (
        <div className="new-secret" role="status" data-testid="new-user-password">
          <p>{t('admin.users.oneTimePassword', { username: create.data.user.username })}</p>
          <p className="big-code">{create.data.initialPassword}</p>
        </div>
      )}
    </form>
  );
}
