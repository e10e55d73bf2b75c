import { useTranslation } from 'react-i18next';
import { errorText } from '../errors.ts';

/** A translated, actionable message for a failed host call; nothing when there is no error. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  return (
    <p className="error" role="alert" data-testid="error-message">
      {errorText(t, error)}
    </p>
  );
}
