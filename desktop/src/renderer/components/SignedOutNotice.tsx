import { useTranslation } from 'react-i18next';
import type { HostError } from '@sinif/shared';

const knownReasons = ['DEVICE_REVOKED', 'SESSION_REVOKED', 'UNAUTHENTICATED'] as const;
type KnownReason = (typeof knownReasons)[number];

function isKnownReason(code: string): code is KnownReason {
  return (knownReasons as readonly string[]).includes(code);
}

/** Why the last session ended without the person signing out (the server revoked it or this PC). */
export function SignedOutNotice({ reason }: { reason: HostError | null | undefined }) {
  const { t } = useTranslation();
  if (!reason) return null;
  const text = isKnownReason(reason.code) ? t(`signedOut.${reason.code}`) : t('signedOut.other', { message: reason.message });
  return (
    <p className="notice" role="alert" data-testid="signed-out-reason" data-code={reason.code}>
      {text}
    </p>
  );
}
