import { useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { siteAllowed, siteOriginOf, type LabSeatState, type LabView } from '@sinif/shared';
import { useLabBlockedSite } from '../../lab-queries.ts';
import { addressUrl } from './allowlist-input.ts';

/**
 * The web part of a seat's panel: the site the teacher pushed, an address
 * bar, and the notice for a refused site. Every way out is checked against
 * the allowlist first (the shared rule, as the server and the Electron site
 * filter apply it); a refusal goes to the host, which shows the notice and
 * tells the teacher.
 */
export function SiteBrowser({ view, session }: { view: LabView; session: LabSeatState }) {
  const { t } = useTranslation();
  const blocked = useLabBlockedSite();
  const [address, setAddress] = useState('');
  const [dismissed, setDismissed] = useState<string | null>(null);
  const { siteUrl, allowlist } = session.directives;
  const notice = view.blockedSite ?? null;

  /** Opens `url` when allowed (true), else reports the refusal. */
  const open = (url: string): boolean => {
    if (siteAllowed(url, allowlist)) {
      window.open(url, '_blank', 'noopener,noreferrer');
      return true;
    }
    blocked.mutate({ url: siteOriginOf(url) });
    return false;
  };
  const followLink = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    open(event.currentTarget.href);
  };
  const go = (event: FormEvent): void => {
    event.preventDefault();
    const url = addressUrl(address);
    if (url && open(url)) setAddress('');
  };

  if (!siteUrl && allowlist === null) return null;
  return (
    <div className="site-browser" data-testid="site-browser">
      {siteUrl &&
        (siteAllowed(siteUrl, allowlist) ? (
          <p className="notice" data-testid="pushed-site">
            {t('lab.site')}{' '}
            <a href={siteUrl} target="_blank" rel="noreferrer noopener" onClick={followLink}>
              {siteUrl}
            </a>
          </p>
        ) : (
          <p className="notice" data-testid="pushed-site">
            {t('lab.siteBlocked')}
          </p>
        ))}
      {allowlist !== null && (
        <p className="muted" data-testid="allowed-sites">
          {t('lab.allowlist.current', { sites: allowlist.join(', ') })}
        </p>
      )}
      <form className="inline-form" onSubmit={go}>
        <label>
          {t('lab.allowlist.address')}
          <input value={address} maxLength={1900} placeholder="https://" onChange={(e) => setAddress(e.target.value)} data-testid="site-address" />
        </label>
        <button type="submit" disabled={addressUrl(address) === null} data-testid="site-go">
          {t('lab.allowlist.go')}
        </button>
      </form>
      {notice && dismissed !== notice.at && (
        <p className="error" role="alert" data-testid="blocked-site-notice" data-host={notice.host}>
          🚫 {t('lab.allowlist.blocked')}: <strong>{notice.host}</strong>{' '}
          <button type="button" onClick={() => setDismissed(notice.at)}>
            {t('lab.allowlist.dismiss')}
          </button>
        </p>
      )}
    </div>
  );
}
