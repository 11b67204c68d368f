/** The person's name: edited in place, applied on Enter or blur, saved for next time. */
import { useState } from 'react';
import { normaliseUserName } from '../lib/userName.ts';

export function UserNameInput({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [previous, setPrevious] = useState(value);
  if (previous !== value) {
    setPrevious(value);
    setDraft(value);
  }
  const commit = () => {
    const name = normaliseUserName(draft);
    if (name === null) setDraft(value);
    else if (name !== value) onChange(name);
  };
  return (
    <label className="username">
      <span className="sr-only">Your name</span>
      <input
        className="username__input"
        data-testid="user-name"
        value={draft}
        maxLength={64}
        size={Math.min(Math.max(draft.length, 6), 18)}
        title="Your name, as others see it"
        aria-invalid={normaliseUserName(draft) === null || undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            commit();
            event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            setDraft(value);
            event.currentTarget.blur();
          }
        }}
      />
    </label>
  );
}
