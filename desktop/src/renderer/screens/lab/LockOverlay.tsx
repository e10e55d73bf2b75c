import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabLock } from '@sinif/shared';

/**
 * The teacher's screen lock: covers the whole window and swallows every key
 * and pointer event (the rest of the app is also made `inert` by App). In
 * Electron a kiosk window will add OS-level lock; this is the in-app part.
 */
export function LockOverlay({ lock }: { lock: LabLock }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const overlay = ref.current;
    overlay?.focus();
    const swallow = (event: Event): void => {
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    const keepFocus = (event: FocusEvent): void => {
      if (overlay && event.target !== overlay) overlay.focus();
    };
    const events = ['keydown', 'keyup', 'keypress', 'wheel', 'contextmenu'] as const;
    for (const name of events) window.addEventListener(name, swallow, { capture: true, passive: false });
    window.addEventListener('focusin', keepFocus, true);
    return () => {
      for (const name of events) window.removeEventListener(name, swallow, { capture: true });
      window.removeEventListener('focusin', keepFocus, true);
    };
  }, []);

  const stop = (event: React.SyntheticEvent): void => {
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div
      ref={ref}
      className={`lock-overlay lock-${lock.mode}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="lock-title"
      tabIndex={-1}
      data-testid="lock-overlay"
      data-mode={lock.mode}
      onPointerDown={stop}
      onMouseDown={stop}
      onClick={stop}
      onTouchStart={stop}
    >
      <div className="lock-card">
        <p className="lock-icon" aria-hidden="true">
          {lock.mode === 'eyesOnTeacher' ? '👀' : '🔒'}
        </p>
        <h1 id="lock-title">{lock.mode === 'eyesOnTeacher' ? t('lab.eyesOn') : t('lab.locked')}</h1>
        {lock.message && (
          <p className="lock-message" data-testid="lock-message">
            {lock.message}
          </p>
        )}
      </div>
    </div>
  );
}
