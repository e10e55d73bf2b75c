import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatAddress, LabChatMessage } from '@sinif/shared';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useLabChat } from '../../lab-queries.ts';

/** The session's chat: what this PC may read, and a line to write to `to`. */
export function LabChat({ messages, to }: { messages: readonly LabChatMessage[]; to: ChatAddress }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const send = useLabChat();
  return (
    <section className="lab-chat" data-testid="lab-chat" aria-label={t('lab.chat')}>
      <h2>{t('lab.chat')}</h2>
      <ol className="lab-chat-lines">
        {messages.slice(-30).map((message) => (
          <li key={message.id} data-testid="chat-line">
            <strong>{message.from.displayName}</strong>: {message.text}
          </li>
        ))}
      </ol>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const line = text.trim();
          if (line) send.mutate({ to, text: line }, { onSuccess: () => setText('') });
        }}
      >
        <label>
          <span className="visually-hidden">{t('lab.chatText')}</span>
          <input value={text} maxLength={2000} placeholder={t('lab.chatText')} onChange={(e) => setText(e.target.value)} data-testid="chat-input" />
        </label>
        <button type="submit" disabled={send.isPending}>
          {t('lab.send')}
        </button>
      </form>
      <ErrorMessage error={send.error} />
    </section>
  );
}
