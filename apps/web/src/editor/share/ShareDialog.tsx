/**
 * The owner's Share dialog: the page's members (role select, remove) and its
 * invite links (create one per role, copy, revoke). Every change is one call
 * to the members and links routes; the lists are read again after it, so what
 * is shown is what the server holds.
 */
import type { Member, Role, ShareLink } from '@tandem/protocol';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, createLink, describeError, listLinks, listMembers, removeMember, revokeLink, setMemberRole } from '../../lib/api.ts';
import { copyText } from '../../lib/copy-text.ts';

const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

export function ShareDialog({ pageId, onClose }: { pageId: string; onClose: () => void }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [m, l] = await Promise.all([listMembers(pageId), listLinks(pageId)]);
      setMembers(m);
      setLinks(l);
    } catch (err) {
      setError(describeError(err));
    }
  }, [pageId]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const act = async (change: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await change();
      await load();
    } catch (err) {
      // The one conflict here: demoting or removing the last owner (a page keeps one).
      setError(
        err instanceof ApiError && err.code === 'conflict'
          ? 'A page keeps at least one owner: make someone else owner first.'
          : describeError(err),
      );
    } finally {
      setBusy(false);
    }
  };

  const absolute = (url: string) => new URL(url, window.location.origin).href;

  return (
    <div className="share-backdrop">
      <div className="share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" data-testid="share-dialog">
        <div className="share-dialog__head">
          <h2 id="share-title">Share this page</h2>
          <button type="button" className="button button--small" onClick={onClose}>
            Close
          </button>
        </div>
        {error !== null && (
          <p className="auth__error" role="alert" data-testid="share-error">
            {error}
          </p>
        )}

        <h3 className="share-dialog__section">People</h3>
        {members === null ? (
          <p role="status">Loading…</p>
        ) : (
          <ul className="share-dialog__list">
            {members.map((member) => (
              <li key={member.userId} className="share-dialog__row" data-testid={`share-member-${member.userId}`}>
                <span className="share-dialog__who">
                  {member.name} <span className="share-dialog__email">{member.email}</span>
                </span>
                <select
                  className="input"
                  data-testid="share-member-role"
                  aria-label={`Role of ${member.name}`}
                  value={member.role}
                  disabled={busy}
                  onChange={(e) => void act(() => setMemberRole(pageId, member.userId, e.target.value as Role))}
                >
                  {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
                    <option key={role} value={role}>
                      {ROLE_LABELS[role]}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button button--small button--danger"
                  data-testid="share-member-remove"
                  disabled={busy}
                  onClick={() => void act(() => removeMember(pageId, member.userId))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}

        <h3 className="share-dialog__section">Invite links</h3>
        <p className="share-dialog__hint">Anyone who opens a link and signs in gets its role on this page, until you revoke it.</p>
        <div className="share-dialog__actions">
          <button
            type="button"
            className="button"
            data-testid="share-link-create-viewer"
            disabled={busy}
            onClick={() => void act(() => createLink(pageId, 'viewer'))}
          >
            New link to view
          </button>
          <button
            type="button"
            className="button"
            data-testid="share-link-create-editor"
            disabled={busy}
            onClick={() => void act(() => createLink(pageId, 'editor'))}
          >
            New link to edit
          </button>
        </div>
        <ul className="share-dialog__list">
          {links.map((link) => (
            <li key={link.id} className="share-dialog__row" data-testid={`share-link-${link.id}`} data-role={link.role}>
              <span className="role-badge">{link.role}</span>
              <input
                className="input share-dialog__url"
                readOnly
                value={absolute(link.url)}
                data-testid="share-link-url"
                aria-label={`${link.role} link`}
              />
              <button type="button" className="button button--small" onClick={() => void copyText(absolute(link.url))}>
                Copy
              </button>
              <button
                type="button"
                className="button button--small button--danger"
                data-testid="share-link-revoke"
                disabled={busy}
                onClick={() => void act(() => revokeLink(pageId, link.id))}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
