/** A button that is only an icon: `label` names it for assistive technology, `title` (with the shortcut) shows on hover. */
import { Icon } from './icons.tsx';

export interface IconButtonProps {
  icon: string;
  label: string;
  title?: string;
  testId?: string;
  /** Destructive (Delete): drawn in the danger colour. */
  danger?: boolean;
  disabled?: boolean;
  onClick: () => void;
}

export function IconButton({ icon, label, title, testId, danger = false, disabled, onClick }: IconButtonProps) {
  return (
    <button
      type="button"
      className={danger ? 'icon-button icon-button--danger' : 'icon-button'}
      data-testid={testId}
      title={title}
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}
